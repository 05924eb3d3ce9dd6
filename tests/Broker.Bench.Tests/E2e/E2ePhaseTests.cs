using Broker.Bench.E2e;

namespace Broker.Bench.Tests.E2e;

public sealed class E2ePhaseTests
{
    private const double SealMs = 5;
    private const double OutboxWaitMs = 10;

    [Test]
    public void From_ObservedTimes_ThroughputLatencyAndStagesComeFromThem()
    {
        var times = new FakeStageTimes();
        times.Add("a1", new DeliveredCopy("RU-MVD", "e1", Created: 1030, VerifiedAt: 1080, Arrived: 1090), ingress: 1050, routed: 1070);
        times.Add("a2", new DeliveredCopy("RU-MVD", "e2", Created: 1130, VerifiedAt: 1180, Arrived: 1200), ingress: 1150, routed: 1170);
        // Delivered, but its ingress was not seen: it counts for throughput and latency, not for the stages.
        times.Add("a3", new DeliveredCopy("RU-MVD", "e3", Created: 1170, VerifiedAt: 1240, Arrived: 1250), ingress: null, routed: 1200);
        var sent = new Dictionary<string, long> { ["a1"] = 1000, ["a2"] = 1100, ["a3"] = 1150 };

        var phase = E2ePhase.From(sent, times, SealMs, OutboxWaitMs);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(phase.Throughput, Is.EqualTo(3 * 1000.0 / (1250 - 1000)));
            Assert.That((phase.P50, phase.P99), Is.EqualTo((100.0, 100.0)));
            Assert.That(phase.CopiesTimed, Is.EqualTo(2));
            Assert.That(phase.Stages.Select(s => s.MeanMs), Is.EqualTo(new[] { 20.0, 10, 5, 15, 20, 10, 15 }));
            Assert.That(phase.Stages.Select(s => s.Stage), Is.EqualTo(E2ePhase.StageNames));
        }
    }

    [Test]
    public void Write_Result_PrintsTheBrokerOverRawRatioAndEachStagesShare()
    {
        var full = new E2ePhase(10, 40, 30, 60, [.. E2ePhase.StageNames.Select((name, i) => (name, i == 1 ? 75.0 : 25.0 / 6))], 30);
        var half = full with { Throughput = 20 };
        using var output = new StringWriter();

        E2eReport.Write(new E2eResult(2157, new RawBaseline.Result(4000, 2, 9), full, half), output);

        var text = output.ToString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("ratio broker/raw throughput: 0.010"));
            Assert.That(text, Does.Contain("broker, paced at 20.0/s"));
            Assert.That(text.Split('\n'), Has.One.Matches<string>(l => l.StartsWith("waiting in the outbox", StringComparison.Ordinal) && l.Contains("75 %")));
        }
    }

    private sealed class FakeStageTimes : IStageTimes
    {
        private readonly Dictionary<string, List<DeliveredCopy>> _copies = [];
        private readonly Dictionary<string, long> _ingress = [];
        private readonly Dictionary<string, long> _routed = [];

        public void Add(string alertId, DeliveredCopy copy, long? ingress, long? routed)
        {
            (_copies.TryGetValue(alertId, out var list) ? list : _copies[alertId] = []).Add(copy);
            if (ingress is { } i)
            {
                _ingress[copy.EnvelopeId] = i;
            }

            if (routed is { } r)
            {
                _routed[copy.EnvelopeId] = r;
            }
        }

        public IReadOnlyCollection<DeliveredCopy> CopiesOf(string alertId) => _copies.TryGetValue(alertId, out var list) ? list : [];

        public long? IngressAt(string envelopeId) => _ingress.TryGetValue(envelopeId, out var at) ? at : null;

        public long? RoutedAt(string envelopeId) => _routed.TryGetValue(envelopeId, out var at) ? at : null;
    }
}
