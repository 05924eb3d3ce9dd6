using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopeTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    [Test]
    public void Seal_ThenVerifyStripOpen_EveryKeptRecipientReadsItsView()
    {
        var full = TestWorld.View("full alert: suspect A, account 123", "personal.identity", "financial.account");
        var redacted = TestWorld.View("redacted alert");
        var request = World.Request([full, redacted], ["RU-MVD", "MY-PDRM", "SG-CNB"]);
        var sealedBytes = Envelope.Seal(request, World["TH-ONCB"]);

        Assert.That(Envelope.TryVerify(sealedBytes, World.Registry, TestWorld.Now, out var verified, out var reason), Is.True, reason.ToString());
        var stripped = Envelope.Strip(verified!, [AgencyId.Parse("RU-MVD"), AgencyId.Parse("MY-PDRM")]);

        Assert.That(Envelope.TryOpen(stripped, World["RU-MVD"], World.Registry, TestWorld.Now, out var ru, out reason), Is.True, reason.ToString());
        Assert.That(Envelope.TryOpen(stripped, World["MY-PDRM"], World.Registry, TestWorld.Now, out var my, out reason), Is.True, reason.ToString());
        var sgOpens = Envelope.TryOpen(stripped, World["SG-CNB"], World.Registry, TestWorld.Now, out _, out var sgReason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ru!.Plaintext, Is.EqualTo(full.Plaintext.ToArray()));
            Assert.That(ru.DataClasses, Is.EqualTo(new[] { DataClass.FinancialAccount, DataClass.PersonalIdentity }));
            Assert.That(my!.Plaintext, Is.EqualTo(redacted.Plaintext.ToArray()));
            Assert.That(my.Header.Sender, Is.EqualTo(AgencyId.Parse("TH-ONCB")));
            Assert.That(sgOpens, Is.False);
            Assert.That(sgReason, Is.EqualTo(RejectReason.StanzaMissing));
        }
    }

    [Test]
    public void TryReadHeader_SealedEnvelope_ReturnsTheSignedMarkings()
    {
        var request = World.Request([TestWorld.View("x")], ["RU-MVD"]) with { Priority = Priority.Urgent, Tlp = Tlp.Red, Broadcast = true };
        var sealedBytes = Envelope.Seal(request, World["TH-ONCB"]);

        Assert.That(Envelope.TryReadHeader(sealedBytes, out var header, out var reason), Is.True, reason.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header!.Id, Is.EqualTo(request.Id));
            Assert.That(header.Tlp, Is.EqualTo(Tlp.Red));
            Assert.That(header.Priority, Is.EqualTo(Priority.Urgent));
            Assert.That(header.Broadcast, Is.True);
            Assert.That(header.Created, Is.EqualTo(TestWorld.Now));
            Assert.That(header.Recipients.Single().EncryptionKeyId, Is.EqualTo(World["RU-MVD"].Encryption.Id));
            Assert.That(header.SenderKeyId, Is.EqualTo(World["TH-ONCB"].Signing.Id));
        }
    }

    [Test]
    public void Strip_CallerOverwritesItsBufferAfterVerify_StillStripsTheVerifiedBytes()
    {
        var buffer = Envelope.Seal(World.Request([TestWorld.View("alert")], ["RU-MVD", "SG-CNB"]), World["TH-ONCB"]);
        Assert.That(Envelope.TryVerify(buffer, World.Registry, TestWorld.Now, out var verified, out _), Is.True);
        Array.Clear(buffer);

        var stripped = Envelope.Strip(verified!, [AgencyId.Parse("RU-MVD")]);
        Assert.That(Expect.Opens(stripped, World["RU-MVD"]).Plaintext, Is.EqualTo("alert"u8.ToArray()));
    }
}
