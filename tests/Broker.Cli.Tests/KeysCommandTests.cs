namespace Broker.Cli.Tests;

// Key files are protected by Unix permissions; the deployment targets Debian.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeysCommandTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("broker-keys-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Generate_Agency_WritesPrivateFilesWithMode600AndNeverPrintsThem()
    {
        var (code, output, error) = await CliRunner.RunAsync("keys", "generate", "agency", "TH-ONCB", "--out", _folder);
        var passphrase = (await File.ReadAllTextAsync(Path.Combine(_folder, "TH-ONCB.passphrase"))).Trim();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(File.GetUnixFileMode(Path.Combine(_folder, "TH-ONCB.keys")), Is.EqualTo(OwnerOnly));
            Assert.That(File.GetUnixFileMode(Path.Combine(_folder, "TH-ONCB.passphrase")), Is.EqualTo(OwnerOnly));
            Assert.That(File.Exists(Path.Combine(_folder, "TH-ONCB.signing.pub")), Is.True);
            Assert.That(File.Exists(Path.Combine(_folder, "TH-ONCB.encryption.pub")), Is.True);
            Assert.That(output, Does.Not.Contain(passphrase));
        }
    }

    [Test]
    public async Task Generate_CountryAndSigning_WritesSeedsWithMode600()
    {
        var country = await CliRunner.RunAsync("keys", "generate", "country", "TH", "--out", _folder);
        var signing = await CliRunner.RunAsync("keys", "generate", "signing", "registry", "--out", _folder);
        var seed = (await File.ReadAllTextAsync(Path.Combine(_folder, "registry.seed"))).Trim();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(country.ExitCode, Is.Zero, country.Error);
            Assert.That(signing.ExitCode, Is.Zero, signing.Error);
            Assert.That(File.GetUnixFileMode(Path.Combine(_folder, "TH.policy.seed")), Is.EqualTo(OwnerOnly));
            Assert.That(File.GetUnixFileMode(Path.Combine(_folder, "registry.seed")), Is.EqualTo(OwnerOnly));
            Assert.That(signing.Output, Does.Not.Contain(seed));
        }
    }

    [Test]
    public async Task Generate_Twice_KeepsExistingKeysUnlessForced()
    {
        await CliRunner.RunAsync("keys", "generate", "signing", "hub", "--out", _folder);
        var first = await File.ReadAllTextAsync(Path.Combine(_folder, "hub.pub"));
        await CliRunner.RunAsync("keys", "generate", "signing", "hub", "--out", _folder);
        var kept = await File.ReadAllTextAsync(Path.Combine(_folder, "hub.pub"));
        await CliRunner.RunAsync("keys", "generate", "signing", "hub", "--out", _folder, "--force");
        var replaced = await File.ReadAllTextAsync(Path.Combine(_folder, "hub.pub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.EqualTo(first));
            Assert.That(replaced, Is.Not.EqualTo(first));
        }
    }

    [Test]
    public async Task Generate_MalformedAgencyId_FailsWithReason()
    {
        var (code, _, error) = await CliRunner.RunAsync("keys", "generate", "agency", "../etc", "--out", _folder);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("not an agency id"));
            Assert.That(Directory.GetFiles(_folder), Is.Empty);
        }
    }
}
