using Broker.Audit.Entries;
using Broker.Policy.Evaluation;
using Broker.Protocol.AuditEntries;

namespace Broker.Audit.Tests.Entries;

public sealed class DecisionRecordsTests
{
    // The log's outcome numbers are a byte format of their own; they must name each evaluator outcome, with the same name and number.
    [Test]
    public void Recorded_EveryEvaluatorOutcome_MapsToTheLogOutcomeOfTheSameNameAndNumber()
    {
        var mapped = Enum.GetValues<DecisionOutcome>().Select(o => (Policy: o, Log: DecisionRecords.Recorded(o))).ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (policy, log) in mapped)
            {
                Assert.That(log.ToString(), Is.EqualTo(policy.ToString()));
                Assert.That((int)log, Is.EqualTo((int)policy));
            }

            Assert.That(mapped.Select(m => m.Log), Is.EquivalentTo(Enum.GetValues<RecordedOutcome>()), "every log outcome has an evaluator outcome");
        }
    }

    [Test]
    public void Recorded_OutcomeWithoutANumber_Throws() =>
        Assert.That(() => DecisionRecords.Recorded((DecisionOutcome)99), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
