using MassTransit;

namespace Broker.Hub.Decisions;

/// <summary>
/// Hands decisions to the single sequencer over the hub-internal bus. MassTransit's RabbitMQ publish waits for the
/// broker's confirm, and the sequencer's queue is durable, so a returned call means the decision survives a crash. Mandatory,
/// so a decision published before the sequencer's queue exists fails (and is retried) instead of being confirmed and dropped.
/// </summary>
public sealed class BusDecisionRecorder(IPublishEndpoint publish) : IDecisionRecorder
{
    public async ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default) =>
        await publish.Publish(new DecisionRecorded(decision), context => context.Mandatory = true, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// The single sequencer: appends every instance's decisions, one at a time, to the decision sink (the audit log later).
/// Failures are retried by MassTransit (see the endpoint definition) before the message is faulted.
/// </summary>
public sealed class DecisionSequencerConsumer(DecisionSequencerSink sink) : IConsumer<DecisionRecorded>
{
    public async Task Consume(ConsumeContext<DecisionRecorded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await sink.Recorder.RecordAsync(context.Message.Decision, context.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The recorder the sequencer writes to (kept apart from the <see cref="IDecisionRecorder"/> the router uses).</summary>
public sealed record DecisionSequencerSink(IDecisionRecorder Recorder);

/// <summary>One message at a time (a sequencer), retried with backoff on failure.</summary>
public sealed class DecisionSequencerConsumerDefinition : ConsumerDefinition<DecisionSequencerConsumer>
{
    public DecisionSequencerConsumerDefinition()
    {
        EndpointName = "hub.decision-sequencer";
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DecisionSequencerConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }
}
