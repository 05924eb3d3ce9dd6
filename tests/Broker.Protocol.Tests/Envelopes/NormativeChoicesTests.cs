using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Envelopes;

/// <summary>Issue 12 item 12: choices envelope-v1.md now makes normatively, checked on the reference beyond the vectors.</summary>
public sealed class NormativeChoicesTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    /// <summary>§9.1 step 6: a copy stripped of a recipient's stanza gets the same verdict as the whole envelope.</summary>
    [Test]
    public void Verify_StrippedOfTheRevokedRecipientsStanza_IsStillKeyRevoked()
    {
        var registry = World.BuildRegistry(a => a.Value == "SG-CNB" ? KeyStatus.Revoked : KeyStatus.Active, TestWorld.Now.AddDays(-365), TestWorld.Now.AddDays(365));
        var envelope = Envelope.Seal(World.Request([TestWorld.View("full", "personal.identity")], ["RU-MVD", "SG-CNB"]), World["TH-ONCB"]);
        Assert.That(Envelope.TryVerify(envelope, World.Registry, TestWorld.Now, out var verified, out _), Is.True);
        var stripped = Envelope.Strip(verified!, [AgencyId.Parse("RU-MVD")]);

        Expect.VerifyRejects(envelope, RejectReason.KeyRevoked, registry);
        Expect.VerifyRejects(stripped, RejectReason.KeyRevoked, registry);
        Expect.OpenRejects(stripped, World["RU-MVD"], RejectReason.KeyRevoked, registry);
    }

    /// <summary>§8: the sealer refuses a recipient key whose X25519 half is of small order (it would give an all-zero ss_X).</summary>
    [Test]
    public void Seal_RecipientKeyWithASmallOrderX25519Half_IsRefused()
    {
        var bytes = World["SG-CNB"].Encryption.PublicKey.Bytes.ToArray();
        Array.Clear(bytes, bytes.Length - 32, 32);
        // Refused either where the key is created or where it is sealed to; never used.
        var created = EncryptionPublicKey.TryCreate(bytes, out var key);
        Assert.That(
            () =>
            {
                if (!created)
                {
                    throw new ArgumentException("refused when the key is created");
                }

                var request = World.Request([TestWorld.View("full", "personal.identity")], ["RU-MVD"]);
                request = request with { Recipients = [.. request.Recipients, new RecipientSpec(AgencyId.Parse("SG-CNB"), 0, key!)] };
                Envelope.Seal(request, World["TH-ONCB"]);
            },
            Throws.InstanceOf<ArgumentException>());
    }
}
