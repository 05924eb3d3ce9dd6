using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Registry;

public sealed class TrustRegistryTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    private static byte[] Signed() => TrustRegistry.SignDocument(World.Registry.Document, World.RegistryKey);

    [Test]
    public void TryLoad_SignedDocument_RoundTripsEveryEntry()
    {
        Assert.That(TrustRegistry.TryLoad(Signed(), World.RegistryKey.PublicKey, out var registry, out var reason), Is.True, reason.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(registry!.Agencies.Select(a => a.Id.Value), Is.EqualTo(TestWorld.AgencyNames.Order(StringComparer.Ordinal)));
            Assert.That(registry.Agencies[0].SigningKeys[0].Key, Is.EqualTo(World[registry.Agencies[0].Id.Value].Signing.PublicKey));
            Assert.That(registry.Countries.Single().Country, Is.EqualTo(new CountryCode("TH")));
            Assert.That(registry.Hub.Id, Is.EqualTo("hub"));
            Assert.That(TrustRegistry.SignDocument(registry.Document, World.RegistryKey)[..100], Is.EqualTo(Signed()[..100]));
        }
    }

    [Test]
    public void TryLoad_OtherTrustAnchor_RejectsWithSignatureKeyMismatch()
    {
        TrustRegistry.TryLoad(Signed(), World["TH-ONCB"].Signing.PublicKey, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.SignatureKeyMismatch));
    }

    [Test]
    public void TryLoad_DocumentByteChanged_RejectsWithSignatureInvalid()
    {
        var signed = Signed();
        signed[200] ^= 0x01;
        TrustRegistry.TryLoad(signed, World.RegistryKey.PublicKey, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.Ed25519SignatureInvalid));
    }

    [Test]
    public void TryGetSigningKey_UnknownAgency_RejectsWithUnknownAgency()
    {
        World.Registry.TryGetSigningKey(AgencyId.Parse("XX-NONE"), World["TH-ONCB"].Signing.Id, TestWorld.Now, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.UnknownAgency));
    }

    [Test]
    public void TryGetSigningKey_KeyOfAnotherAgency_RejectsWithUnknownKey()
    {
        World.Registry.TryGetSigningKey(AgencyId.Parse("TH-ONCB"), World["RU-MVD"].Signing.Id, TestWorld.Now, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.UnknownKey));
    }

    [Test]
    public void TryGetEncryptionKey_RevokedOnly_RejectsAndActiveReturnsIt()
    {
        var revoked = World.BuildRegistry(_ => KeyStatus.Revoked, TestWorld.Now.AddDays(-1), TestWorld.Now.AddDays(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(revoked.TryGetEncryptionKey(AgencyId.Parse("RU-MVD"), TestWorld.Now, out _, out var reason), Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.UnknownKey));
            Assert.That(World.Registry.TryGetEncryptionKey(AgencyId.Parse("RU-MVD"), TestWorld.Now, out var key, out _), Is.True);
            Assert.That(key, Is.EqualTo(World["RU-MVD"].Encryption.PublicKey));
        }
    }

    [Test]
    public void TryGetSigningKey_SuspendedAgency_RejectsWithAgencySuspended()
    {
        var doc = World.Registry.Document with
        {
            Agencies = World.Registry.Agencies.Select(a => a.Id.Value == "TH-ONCB" ? a with { Status = AgencyStatus.Suspended } : a).ToList(),
        };
        Assert.That(TrustRegistry.TryLoad(TrustRegistry.SignDocument(doc, World.RegistryKey), World.RegistryKey.PublicKey, out var registry, out _), Is.True);
        registry!.TryGetSigningKey(AgencyId.Parse("TH-ONCB"), World["TH-ONCB"].Signing.Id, TestWorld.Now, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.AgencySuspended));
    }
}
