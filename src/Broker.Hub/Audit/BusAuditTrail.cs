using Broker.Protocol.AuditEntries;
using MassTransit;

namespace Broker.Hub.Audit;

/// <summary>
/// Hub-internal message (MassTransit, vhost hub-internal): audit records of one instance for the single sequencer, each encoded as
/// a canonical CBOR entry with index 0 and time 0 (the sequencer assigns both), plus the sealed envelope an EnvelopeReceived archives.
/// </summary>
public sealed record AuditRecordsSubmitted(IReadOnlyList<byte[]> Records, byte[]? SealedEnvelope);

/// <summary>
/// Several hub instances: publishes records to the sequencer's durable queue. MassTransit's RabbitMQ publish waits for the
/// broker's confirm, so a returned call means the records survive a crash of this instance. The publish is mandatory: until
/// the sequencer has declared its queue (its first start), RabbitMQ would confirm and drop a message no queue is bound to;
/// mandatory makes that a failure, and the ingress message is retried instead of its records being lost.
/// </summary>
public sealed class BusAuditTrail(IPublishEndpoint publish) : IAuditTrail
{
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var encoded = records.Select(r => AuditEntryCodec.Encode(new AuditEntry(0, DateTimeOffset.UnixEpoch, r))).ToList();
        await publish.Publish(new AuditRecordsSubmitted(encoded, sealedEnvelope.IsEmpty ? null : sealedEnvelope.ToArray()), context => context.Mandatory = true, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The single sequencer's consumer: appends each submission in order, acked only once the append is durable.</summary>
public sealed class AuditSequencerConsumer(AuditLog log) : IConsumer<AuditRecordsSubmitted>
{
    public async Task Consume(ConsumeContext<AuditRecordsSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var records = new List<AuditRecord>(context.Message.Records.Count);
        foreach (var bytes in context.Message.Records)
        {
            if (!AuditEntryCodec.TryDecode(bytes, out var entry, out var reason))
            {
                throw new InvalidOperationException($"An audit submission holds a record that does not decode: {reason}.");
            }

            records.Add(entry.Record);
        }

        await log.AppendAsync(records, context.Message.SealedEnvelope, context.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>One submission at a time (submission order is log order), retried with backoff on failure.</summary>
public sealed class AuditSequencerConsumerDefinition : ConsumerDefinition<AuditSequencerConsumer>
{
    public AuditSequencerConsumerDefinition()
    {
        EndpointName = "hub.audit-sequencer";
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<AuditSequencerConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }
}
