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

    [Test]
    public void Load_AfterRestartWithAnOlderSignedRegistryFile_KeepsTheNewerRegistryAndRefusesTheFile()
    {
        // Issue 12 item 4: the registry version accepted before a restart is read before the file; an older, validly signed registry
        // (one that may still list a since-revoked key) placed in the file is refused after the restart as a hub refuses it on reload.
        var store = $"restart-{Guid.NewGuid():N}.db";
        var newer = Path.Combine(_dir, $"newer-{Guid.NewGuid():N}.cbor");
        var older = Path.Combine(_dir, $"older-{Guid.NewGuid():N}.cbor");
        var version = _network.Registry.Version;
        File.WriteAllBytes(newer, Broker.Protocol.Registry.TrustRegistry.SignDocument(_network.Registry.Document with { Version = version + 1 }, _network.Anchor));
        File.WriteAllBytes(older, _network.SignedRegistry);

        using (var first = GatewayKeyring.Load(Options(registry: newer, storeName: store)))
        {
            Assert.That(first.Registry.Version, Is.EqualTo(version + 1));
        }

        using var restarted = GatewayKeyring.Load(Options(registry: older, storeName: store));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(restarted.Registry.Version, Is.EqualTo(version + 1));
            Assert.That(restarted.RolledBackFileVersion, Is.EqualTo(version));
            Assert.That(File.Exists(Path.Combine(_dir, store + ".registry-state.json")), Is.True);
        }
    }

    private Microsoft.Extensions.Options.IOptions<GatewayOptions> Options(string agency = "TH-ONCB", string passphrase = Passphrase, string? anchor = null, string? registry = null, string storeName = "gateway.db") =>
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Agency = agency,
            KeyFilePath = Path.Combine(_dir, "TH-ONCB.keys"),
            KeyPassphrase = passphrase,
            RegistryPath = registry ?? Path.Combine(_dir, "registry.cbor"),
            TrustAnchorPath = anchor ?? Path.Combine(_dir, "anchor.pub"),
            StorePath = Path.Combine(_dir, storeName),
        });
}
