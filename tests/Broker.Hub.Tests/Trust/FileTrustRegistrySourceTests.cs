using Broker.Hub.Options;
using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Hub.Tests.Trust;

public sealed class FileTrustRegistrySourceTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("trust-tests-").FullName;
        var world = HubWorld.Shared;
        File.WriteAllBytes(RegistryPath, world.SignedRegistry);
        File.WriteAllText(Path.Combine(_directory, "anchor.pub"), Convert.ToBase64String([.. world.Anchor.PublicKey.Ed25519, .. world.Anchor.PublicKey.MlDsa65]));
        File.WriteAllText(Path.Combine(_directory, "hub.seed"), Convert.ToHexStringLower(HubWorld.Seed(0xB0, 0)));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string RegistryPath => Path.Combine(_directory, "registry.cbor");

    private FileTrustRegistrySource Create(bool reload = false) => new(
        Microsoft.Extensions.Options.Options.Create(new TrustOptions
        {
            RegistryPath = RegistryPath,
            TrustAnchorPath = Path.Combine(_directory, "anchor.pub"),
            HubSigningKeyPath = Path.Combine(_directory, "hub.seed"),
            ReloadOnChange = reload,
            StatePath = Path.Combine(_directory, "state", "registry-state.json"),
        }),
        NullLogger<FileTrustRegistrySource>.Instance);

    private static byte[] SignedVersion(long version, SigningKeyPair? signer = null)
    {
        var current = HubWorld.Shared.Registry;
        return TrustRegistry.SignDocument(current.Document with { Version = version }, signer ?? HubWorld.Shared.Anchor);
    }

    [Test]
    public void Constructor_ValidFiles_LoadsRegistryAndHubKey()
    {
        using var source = Create();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.Current.Version, Is.EqualTo(HubWorld.Shared.Registry.Version));
            Assert.That(source.HubId, Is.EqualTo("hub-test"));
        }
    }

    [Test]
    public void Constructor_RegistrySignedByAnotherKey_FailsStartup()
    {
        File.WriteAllBytes(RegistryPath, SignedVersion(8, HubWorld.Shared.HubKey));
        Assert.That(() => Create(), Throws.InvalidOperationException);
    }

    [Test]
    public void Constructor_HubKeyNotInRegistry_FailsStartup()
    {
        File.WriteAllText(Path.Combine(_directory, "hub.seed"), Convert.ToHexStringLower(HubWorld.Seed(0xC0, 0)));
        Assert.That(() => Create(), Throws.InvalidOperationException.With.Message.Contains("hub signing key"));
    }

    [Test, CancelAfter(30_000)]
    public async Task Reload_NewerValidVersion_ReplacesCurrent_OlderVersionRefused(CancellationToken cancellationToken)
    {
        using var source = Create(reload: true);
        File.WriteAllBytes(RegistryPath, SignedVersion(9));
        await Eventually.WaitForAsync(() => source.Current.Version == 9, TimeSpan.FromSeconds(10), "the newer registry", cancellationToken);

        File.WriteAllBytes(RegistryPath, SignedVersion(8));
        await Eventually.WaitForAsync(() => source.RefusedReloads >= 1, TimeSpan.FromSeconds(10), "the rollback to be refused", cancellationToken);
        Assert.That(source.Current.Version, Is.EqualTo(9));

        var refused = source.RefusedReloads;
        File.WriteAllBytes(RegistryPath, SignedVersion(11, HubWorld.Shared.HubKey));
        await Eventually.WaitForAsync(() => source.RefusedReloads > refused, TimeSpan.FromSeconds(10), "the wrongly signed file to be refused", cancellationToken);
        Assert.That(source.Current.Version, Is.EqualTo(9));
    }

    [Test, CancelAfter(30_000)]
    public async Task Restart_OlderSignedRegistryFile_RefusedAsBeforeTheRestart(CancellationToken cancellationToken)
    {
        // Issue 12 item 4: "only a higher version" lived in memory; after a restart an older, validly signed registry was accepted again.
        using (var source = Create(reload: true))
        {
            File.WriteAllBytes(RegistryPath, SignedVersion(9));
            await Eventually.WaitForAsync(() => source.Current.Version == 9, TimeSpan.FromSeconds(10), "the newer registry", cancellationToken);
        }

        File.WriteAllBytes(RegistryPath, SignedVersion(8));
        using var restarted = Create();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(restarted.Current.Version, Is.EqualTo(9));
            Assert.That(restarted.CurrentDocument, Is.EqualTo(SignedVersionBytesKept()));
            Assert.That(restarted.RefusedReloads, Is.EqualTo(1));
        }
    }

    [Test]
    public void Restart_UnreadableTrustState_FailsStartupInsteadOfForgetting()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "state"));
        File.WriteAllText(Path.Combine(_directory, "state", "registry-state.json"), "{ not json");
        Assert.That(() => Create(), Throws.InvalidOperationException.With.Message.Contains("trust state"));
    }

    private byte[] SignedVersionBytesKept()
    {
        var kept = new Broker.Hosting.TrustState.AcceptedDocumentStore(Path.Combine(_directory, "state", "registry-state.json")).Load();
        return kept.Single().Document;
    }
}
