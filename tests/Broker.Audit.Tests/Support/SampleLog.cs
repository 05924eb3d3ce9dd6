using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Tests.AuditEntries;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Audit.Tests.Support;

/// <summary>Writes a small realistic log: per envelope a receipt, a verification, two decisions and a delivery.</summary>
internal static class SampleLog
{
    public static async Task<AuditSequencer> WriteAsync(IAuditStore store, TestLogKey key, int envelopes, CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var sequencer = await AuditSequencer.StartAsync(store, key, time, AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero }, cancellationToken);
        for (var i = 0; i < envelopes; i++)
        {
            var (received, envelope) = Records.Received(i);
            await sequencer.AppendAsync(received, envelope, cancellationToken);
            await sequencer.AppendAsync(Records.Verified(i), cancellationToken: cancellationToken);
            await sequencer.AppendAsync(Records.Decision(i, Records.Russian), cancellationToken: cancellationToken);
            await sequencer.AppendAsync(Records.Decision(i, Records.Malaysian, RecordedOutcome.Deny), cancellationToken: cancellationToken);
            await sequencer.AppendAsync(Records.Delivery(i, Records.Russian), cancellationToken: cancellationToken);
            if (i % 2 == 1)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                await sequencer.PublishTreeHeadAsync(cancellationToken);
            }
        }

        await sequencer.PublishTreeHeadAsync(cancellationToken);
        return sequencer;
    }
}
