using Broker.Hub.Decisions;
using Broker.Hub.Tests.Support;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Hub.Tests.Decisions;

public sealed class DecisionSequencerConsumerTests
{
    private static RoutingDecision Decision(string id) => new()
    {
        DecisionId = id,
        DecidedAt = HubWorld.Now,
        Instance = "test",
        Outcome = RoutingDecision.Routed,
        EnvelopeId = "00112233445566778899aabbccddeeff",
        Recipients = [new RecipientDecision("RU-MVD", true, "delivered", "allow-list:TH-ONCB->RU-MVD")],
    };

    private static ServiceProvider Build(InMemoryDecisions sink) => new ServiceCollection()
        .AddSingleton(new DecisionSequencerSink(sink))
        .AddMassTransitTestHarness(x => x.AddConsumer<DecisionSequencerConsumer>(typeof(DecisionSequencerConsumerDefinition)))
        .BuildServiceProvider(true);

    [Test, CancelAfter(30_000)]
    public async Task BusDecisionRecorder_RecordAsync_SequencerAppendsTheDecisionToItsSink(CancellationToken cancellationToken)
    {
        var sink = new InMemoryDecisions();
        await using var provider = Build(sink);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await new BusDecisionRecorder(harness.Bus).RecordAsync(Decision("d1"), cancellationToken);

        Assert.That(await harness.GetConsumerHarness<DecisionSequencerConsumer>().Consumed.Any<DecisionRecorded>(cancellationToken), Is.True);
        Assert.That(sink.All.Single().DecisionId, Is.EqualTo("d1"));
    }

    [Test, CancelAfter(30_000)]
    public async Task Consume_SinkFailsOnce_RetriedAndRecorded(CancellationToken cancellationToken)
    {
        var sink = new FlakyDecisions(failures: 1);
        await using var provider = new ServiceCollection()
            .AddSingleton(new DecisionSequencerSink(sink))
            .AddMassTransitTestHarness(x => x.AddConsumer<DecisionSequencerConsumer>(typeof(DecisionSequencerConsumerDefinition)))
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new DecisionRecorded(Decision("d2")), cancellationToken);

        await sink.RecordedOnce.Task.WaitAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Attempts, Is.EqualTo(2));
            Assert.That(sink.Recorded.Single().DecisionId, Is.EqualTo("d2"));
            Assert.That(await harness.Published.Any<Fault<DecisionRecorded>>(cancellationToken), Is.False);
        }
    }

    private sealed class FlakyDecisions(int failures) : IDecisionRecorder
    {
        private int _attempts;

        public int Attempts => _attempts;

        public List<RoutingDecision> Recorded { get; } = [];

        public TaskCompletionSource RecordedOnce { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new IOException("disk full");
            }

            Recorded.Add(decision);
            RecordedOnce.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
