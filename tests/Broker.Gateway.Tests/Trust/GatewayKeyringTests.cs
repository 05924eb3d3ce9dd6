using Broker.Gateway.Options;
using Broker.Gateway.Trust;
using Broker.Protocol.Keys;

namespace Broker.Gateway.Tests.Trust;

public class GatewayKeyringTests
{
    private const string Passphrase = "correct horse battery staple";
    private TestNetwork _network = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _network = new TestNetwork();
        _dir = Path.Combine(Path.GetTempPath(), $"gw-keys-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(Path.Combine(_dir, "registry.cbor"), _network.SignedRegistry);
        File.WriteAllText(Path.Combine(_dir, "anchor.pub"), Convert.ToBase64String([.. _network.Anchor.PublicKey.Ed25519, .. _network.Anchor.PublicKey.MlDsa65]));
        File.WriteAllBytes(Path.Combine(_dir, "TH-ONCB.keys"), _network.Keys["TH-ONCB"].ExportProtected(Passphrase));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _network.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Load_GoodFiles_KeysAndRegistryForThisAgency()
    {
        using var keyring = GatewayKeyring.Load(Options());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keyring.Keys.Agency.Value, Is.EqualTo("TH-ONCB"));
            Assert.That(keyring.Keys.Signing.Id, Is.EqualTo(_network.Keys["TH-ONCB"].Signing.Id));
            Assert.That(keyring.Registry.Agencies, Has.Count.EqualTo(TestNetwork.DemoAgencies.Length));
        }
    }

    [Test]
    public void Load_WrongPassphrase_FailsWithoutRevealingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayKeyring.Load(Options(passphrase: "guess")));
        Assert.That(ex!.Message, Does.Contain("WrongPassphrase").And.Not.Contain("guess").And.Not.Contain(Passphrase));
    }

    [Test]
    public void Load_KeyFileOfAnotherAgency_Fails()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayKeyring.Load(Options(agency: "RU-MVD")));
        Assert.That(ex!.Message, Does.Contain("another agency"));
    }

    [Test]
    public void Load_RegistryCheckedAgainstAnotherAnchor_Fails()
    {
        using var other = SigningKeyPair.Generate();
        var anchor = Path.Combine(_dir, "other-anchor.pub");
        File.WriteAllBytes(anchor, [.. other.PublicKey.Ed25519, .. other.PublicKey.MlDsa65]);
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayKeyring.Load(Options(anchor: anchor)));
        Assert.That(ex!.Message, Does.Contain("trust registry").And.Contain("refused"));
    }

    [Test]
    public void Load_TamperedRegistry_Fails()
    {
        var bytes = (byte[])_network.SignedRegistry.Clone();
        bytes[bytes.Length / 3] ^= 0x40;
        var path = Path.Combine(_dir, "tampered.cbor");
        File.WriteAllBytes(path, bytes);
        Assert.That(() => GatewayKeyring.Load(Options(registry: path)), Throws.InstanceOf<InvalidOperationException>().With.Message.Contain("refused"));
    }

    [Test]
    public void Load_AnchorFileOfWrongShape_Fails()
    {
        var path = Path.Combine(_dir, "short.pub");
        File.WriteAllText(path, "not a key");
        Assert.That(() => GatewayKeyring.Load(Options(anchor: path)), Throws.InstanceOf<InvalidOperationException>().With.Message.Contain("base64"));
    }

    private Microsoft.Extensions.Options.IOptions<GatewayOptions> Options(string agency = "TH-ONCB", string passphrase = Passphrase, string? anchor = null, string? registry = null) =>
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Agency = agency,
            KeyFilePath = Path.Combine(_dir, "TH-ONCB.keys"),
            KeyPassphrase = passphrase,
            RegistryPath = registry ?? Path.Combine(_dir, "registry.cbor"),
            TrustAnchorPath = anchor ?? Path.Combine(_dir, "anchor.pub"),
        });
}
