using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopeTamperingTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    private static byte[] SealTo(params string[] recipients) =>
        Envelope.Seal(World.Request(new[] { TestWorld.View("full"), TestWorld.View("redacted") }[..Math.Min(2, recipients.Length)], recipients), World["TH-ONCB"]);

    [Test]
    public void TryVerifyAndTryOpen_AnySingleBitFlipped_NeverAcceptedAsIs()
    {
        var original = Envelope.Seal(World.Request([TestWorld.View("alert")], ["RU-MVD"]), World["TH-ONCB"]);
        var reasons = new HashSet<RejectReason>();
        for (var position = 0; position < original.Length; position++)
        {
            var flipped = (byte[])original.Clone();
            flipped[position] ^= (byte)(1 << (position % 8));
            if (!Envelope.TryVerify(flipped, World.Registry, TestWorld.Now, out _, out var reason))
            {
                reasons.Add(reason);
                continue;
            }

            // Stanza bytes are not signed: a flip there must make the stanza's own recipient fail to open.
            var opens = Envelope.TryOpen(flipped, World["RU-MVD"], World.Registry, TestWorld.Now, out _, out reason);
            Assert.That(opens, Is.False, $"a flip at byte {position} went unnoticed");
            reasons.Add(reason);
        }

        Assert.That(reasons, Is.SupersetOf(new[] { RejectReason.Ed25519SignatureInvalid, RejectReason.MlDsaSignatureInvalid, RejectReason.CiphertextHashMismatch, RejectReason.StanzaOpenFailed }));
    }

    [Test]
    public void TryOpen_StanzaMovedFromAnotherEnvelope_RejectsWithStanzaOpenFailed()
    {
        var first = Tamper.Parse(SealTo("RU-MVD"));
        var second = Tamper.Parse(SealTo("RU-MVD"));
        var moved = Tamper.Write(second with { Stanzas = first.Stanzas });

        Expect.OpenRejects(moved, World["RU-MVD"], RejectReason.StanzaOpenFailed);
    }

    [Test]
    public void TryOpen_StanzaMovedToAnotherRecipient_RejectsWithStanzaOpenFailed()
    {
        // MY-PDRM (index 0 after sorting) and RU-MVD (index 1) both get view 0 here, so only the stanza binding stops the move.
        var wire = Tamper.Parse(Envelope.Seal(World.Request([TestWorld.View("one view")], ["RU-MVD", "MY-PDRM"]), World["TH-ONCB"]));
        var ru = wire.Stanzas.Single(s => wire.Header.Recipients[s.RecipientIndex].Agency.Value == "RU-MVD");
        var my = wire.Stanzas.Single(s => wire.Header.Recipients[s.RecipientIndex].Agency.Value == "MY-PDRM");
        var moved = Tamper.Write(wire with { Stanzas = [ru with { RecipientIndex = my.RecipientIndex }, my with { RecipientIndex = ru.RecipientIndex }] });

        Expect.OpenRejects(moved, World["MY-PDRM"], RejectReason.StanzaOpenFailed);
    }

    [Test]
    public void TryVerify_ViewSwappedWithinEnvelope_RejectsWithCiphertextHashMismatch()
    {
        var wire = Tamper.Parse(SealTo("RU-MVD", "MY-PDRM"));
        var swapped = Tamper.Write(wire with { Views = [wire.Views[0] with { Ciphertext = wire.Views[1].Ciphertext }, wire.Views[1] with { Ciphertext = wire.Views[0].Ciphertext }] });

        Expect.VerifyRejects(swapped, RejectReason.CiphertextHashMismatch);
    }

    [Test]
    public void TryVerify_ViewTakenFromAnotherEnvelope_RejectsWithCiphertextHashMismatch()
    {
        var first = Tamper.Parse(SealTo("RU-MVD", "MY-PDRM"));
        var second = Tamper.Parse(SealTo("RU-MVD", "MY-PDRM"));

        Expect.VerifyRejects(Tamper.Write(second with { Views = first.Views }), RejectReason.CiphertextHashMismatch);
    }

    [Test]
    public void TryVerify_RecipientAddedToHeader_RejectsWithSignatureInvalid()
    {
        var wire = Tamper.Parse(SealTo("RU-MVD", "MY-PDRM"));
        var added = wire.Header.Recipients.Append(new HeaderRecipient(AgencyId.Parse("SG-CNB"), 0, World["SG-CNB"].Encryption.Id)).ToList();
        var header = wire.Header with { Recipients = added };
        var forged = Tamper.Write(wire with { HeaderBytes = HeaderCodec.Write(header), Header = header });

        Expect.VerifyRejects(forged, RejectReason.Ed25519SignatureInvalid);
    }

    [Test]
    public void TryOpen_HeaderChangedAndResignedByAnotherAgency_RejectsWithStanzaOpenFailed()
    {
        // A co-recipient re-signs the sealed content as its own: the signature is now valid, but every stanza is bound to the old header hash.
        var wire = Tamper.Parse(SealTo("RU-MVD", "MY-PDRM"));
        var mallory = World["MY-PDRM"];
        var header = wire.Header with { Sender = mallory.Agency, SenderKeyId = mallory.Signing.Id };

        Expect.OpenRejects(Tamper.Resign(wire, header, mallory.Signing), World["RU-MVD"], RejectReason.StanzaOpenFailed);
    }

    [Test]
    public void TryVerify_StanzaForRecipientNotInHeader_RejectsWithInvalidReference()
    {
        var wire = Tamper.Parse(SealTo("RU-MVD"));
        var extra = wire.Stanzas[0] with { RecipientIndex = 1 };

        Expect.VerifyRejects(Tamper.Write(wire with { Stanzas = [wire.Stanzas[0], extra] }), RejectReason.InvalidReference);
    }

    [Test]
    public void TryVerify_StanzaRepeated_RejectsWithDuplicateEntry()
    {
        var wire = Tamper.Parse(SealTo("RU-MVD"));

        Expect.VerifyRejects(Tamper.Write(wire with { Stanzas = [wire.Stanzas[0], wire.Stanzas[0]] }), RejectReason.DuplicateEntry);
    }
}
