using Broker.Testing;

namespace Broker.Cli.Tests;

public sealed class RegistryCommandTests
{
    private static readonly string[] Agencies = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN"];
    private string _folder = "";

    private string Keys => Path.Combine(_folder, "keys");

    private string Signed => Path.Combine(_folder, "registry.cbor");

    [OneTimeSetUp]
    public async Task BuildAndSignAsync()
    {
        _folder = Directory.CreateTempSubdirectory("broker-registry-").FullName;
        await Run(["keys", "generate", "agency", .. Agencies, "--out", Keys]);
        await Run("keys", "generate", "country", "TH", "RU", "MY", "SG", "VN", "ID", "--out", Keys);
        await Run("keys", "generate", "signing", "registry", "hub", "other", "--out", Keys);
        await Run("registry", "build", "--agencies", Path.Combine(RepositoryRoot.Path, "deploy", "demo", "agencies.json"),
            "--keys", Keys, "--hub-key", Path.Combine(Keys, "hub.pub"), "--out", Path.Combine(_folder, "registry.json"));
        await Run("registry", "sign", Path.Combine(_folder, "registry.json"), "--key", Path.Combine(Keys, "registry.seed"), "--out", Signed);
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Show_SignedRegistry_VerifiesAndListsEveryAgencyAndCountry()
    {
        var (code, output, error) = await CliRunner.RunAsync("registry", "show", Signed, "--anchor", Path.Combine(Keys, "registry.pub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("signature verified"));
            foreach (var agency in Agencies)
            {
                Assert.That(output, Does.Contain(agency));
            }

            Assert.That(output, Does.Contain("RU Russian Federation"));
        }
    }

    [Test]
    public async Task Show_TamperedRegistry_IsRefused()
    {
        var bytes = await File.ReadAllBytesAsync(Signed);
        bytes[bytes.Length / 3] ^= 0x01;
        var tampered = Path.Combine(_folder, "tampered.cbor");
        await File.WriteAllBytesAsync(tampered, bytes);
        var (code, output, error) = await CliRunner.RunAsync("registry", "show", tampered, "--anchor", Path.Combine(Keys, "registry.pub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("refused"));
            Assert.That(output, Does.Not.Contain("signature verified"));
        }
    }

    [Test]
    public async Task Show_UnderAnotherAnchor_IsRefused()
    {
        var (code, _, error) = await CliRunner.RunAsync("registry", "show", Signed, "--anchor", Path.Combine(Keys, "other.pub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("refused"));
        }
    }

    [Test]
    public async Task Build_MissingPublicKey_FailsNamingTheFile()
    {
        var (code, _, error) = await CliRunner.RunAsync("registry", "build", "--agencies", Path.Combine(RepositoryRoot.Path, "deploy", "demo", "agencies.json"),
            "--keys", Path.Combine(_folder, "nowhere"), "--hub-key", Path.Combine(Keys, "hub.pub"), "--out", Path.Combine(_folder, "partial.json"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("signing.pub: file not found"));
        }
    }

    private static async Task Run(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.That(code, Is.Zero, $"broker {string.Join(' ', args)}: {error}");
    }
}
