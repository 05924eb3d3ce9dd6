using Broker.Bench.Policy;
using Broker.Bench.Timing;
using Broker.Bench.World;

namespace Broker.Bench.Tests.Policy;

public sealed class PolicyBenchmarkTests
{
    private static string SamplePolicyFolder => Upwards.Find(Path.Combine("deploy", "policies"))
        ?? throw new InvalidOperationException("deploy/policies not found above the test directory.");

    [Test]
    public void Run_SamplePolicies_DecidesThirtyRecipientsOfAVerifiableEnvelope()
    {
        var set = SamplePolicies.LoadSet(SamplePolicyFolder, TextWriter.Null);
        var agencies = SamplePolicies.LoadDirectory(Path.Combine(SamplePolicyFolder, "agencies.sample.json"));
        using var output = new StringWriter();

        var result = PolicyBenchmark.Run(set, agencies, TimeSpan.FromMilliseconds(1), output, Measure.System);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Recipients, Is.EqualTo(PolicyBenchmark.MaxRecipients));
            Assert.That(result.EnvelopeBytes, Is.GreaterThan(2 * 2048));
            Assert.That(new[] { result.PolicyMicroseconds, result.HubCheckMicroseconds, result.VerifyMicroseconds }, Is.All.GreaterThan(0));
            Assert.That(output.ToString(), Does.StartWith("Alert from TH-ONCB to 30 agencies:").And.Contain($"{set.Countries.Count} policies loaded"));
        }
    }

    [Test]
    public void LoadSet_MissingFolder_IsAnInputError() =>
        Assert.That(() => SamplePolicies.LoadSet(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), TextWriter.Null),
            Throws.TypeOf<BenchException>().With.Message.Contains("no such folder"));

    [Test]
    public void LoadSet_InvalidPolicy_PrintsItsErrorsAndRefuses()
    {
        var folder = Directory.CreateTempSubdirectory("bench-policy-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "th.policy.json"), """{"kind":"sharing-policy/v1","country":"TH"}""");
            using var errors = new StringWriter();

            Assert.That(() => SamplePolicies.LoadSet(folder, errors), Throws.TypeOf<BenchException>().With.Message.Contains("invalid policy"));
            Assert.That(errors.ToString(), Does.Contain("th.policy.json"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
