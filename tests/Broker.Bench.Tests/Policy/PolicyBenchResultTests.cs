using Broker.Bench.Policy;

namespace Broker.Bench.Tests.Policy;

public sealed class PolicyBenchResultTests
{
    [Test]
    public void Shares_AreEachPartsTimeOverTheVerification()
    {
        var result = new PolicyBenchResult(30, 40_000, PolicyMicroseconds: 50, HubCheckMicroseconds: 80, VerifyMicroseconds: 2000);

        Assert.That((result.PolicyShare, result.HubCheckShare), Is.EqualTo((2.5, 4.0)));
    }

    [TestCase(100, 50, true)]
    [TestCase(50, 101, false)]
    [TestCase(101, 50, false)]
    public void GoalMet_TheWorseOfTheTwoParts_Decides(double policy, double hubCheck, bool met) =>
        Assert.That(new PolicyBenchResult(30, 40_000, policy, hubCheck, 2000).GoalMet, Is.EqualTo(met));

    [Test]
    public void Write_Result_PrintsRatesFromTheMeasuredTimesAndTheVerdict()
    {
        var result = new PolicyBenchResult(30, 43_890, PolicyMicroseconds: 400, HubCheckMicroseconds: 250, VerifyMicroseconds: 2500);
        using var output = new StringWriter();

        result.Write(output);

        var text = output.ToString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("75,000 decisions/s").And.Contain("2,500 alerts/s").And.Contain("400.0 us per alert of 30 decisions"));
            Assert.That(text, Does.Contain("120,000 decisions/s").And.Contain("4,000 headers/s"));
            Assert.That(text, Does.Contain("400 envelopes/s (43,890 bytes"));
            Assert.That(text, Does.Contain("costs 16.00% (hub check 10.00%)").And.EndsWith("NOT MET" + Environment.NewLine));
        }
    }
}
