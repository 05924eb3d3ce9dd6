using Broker.Bench.Audit;
using Broker.Protocol.AuditEntries;

namespace Broker.Bench.Tests.Audit;

public sealed class GeneratedLogTests
{
    private static readonly string[] SetupKinds = ["RegistryChanged", "PolicyChanged", "PolicyChanged", "PolicyChanged"];
    private static readonly string[] EnvelopeKinds = ["EnvelopeReceived", "EnvelopeVerified", "DecisionRecorded", "DecisionRecorded", "DeliveryRecorded"];

    [Test]
    public void Records_ThreeEnvelopes_SetupFirstThenFiveEntriesEach()
    {
        using var log = new GeneratedLog(TimeProvider.System.GetUtcNow());

        var records = log.Records(log.SealMany(3)).Select(r => r.Record).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(records.Take(log.Setup.Count), Is.EqualTo(log.Setup));
            Assert.That(log.Setup.Select(r => r.GetType().Name), Is.EqualTo(SetupKinds));
            Assert.That(records.Skip(log.Setup.Count).Select(r => r.GetType().Name).Chunk(GeneratedLog.EntriesPerEnvelope), Has.All.EqualTo(EnvelopeKinds));
        }
    }

    [Test]
    public void Records_ThailandsPolicy_AllowsRussiaAndDeniesMalaysia()
    {
        using var log = new GeneratedLog(TimeProvider.System.GetUtcNow());

        var records = log.Records(log.SealMany(2)).Select(r => r.Record).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(records.OfType<DecisionRecorded>().Select(d => (d.Recipient.Value, d.Outcome)).Distinct(),
                Is.EquivalentTo(new[] { ("RU-MVD", RecordedOutcome.Allow), ("MY-PDRM", RecordedOutcome.Deny) }));
            Assert.That(records.OfType<DeliveryRecorded>().Select(d => d.Recipient.Value), Is.All.EqualTo("RU-MVD"));
        }
    }

    [Test]
    public void VerifyAll_SealedEnvelopes_AllVerify()
    {
        using var log = new GeneratedLog(TimeProvider.System.GetUtcNow());

        Assert.That(log.VerifyAll(log.SealMany(4)), Is.All.EqualTo(Broker.Protocol.RejectReason.None));
    }
}
