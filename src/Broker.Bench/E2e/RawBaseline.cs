using System.Collections.Concurrent;
using Broker.Bench.Timing;
using Broker.Bench.World;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Bench.E2e;

/// <summary>
/// Plain RabbitMQ with no broker code: messages of the alert's size published with confirms into a quorum queue
/// (TH-ONCB.system -> agency.outbound -> gateway.outbound, before the gateway runs) and consumed with manual acks.
/// </summary>
internal static class RawBaseline
{
    public sealed record Result(double Throughput, double P50, double P99);

    public static async Task<Result> RunAsync(NodeSettings settings, int count, int size, CancellationToken cancellationToken)
    {
        await using var consumerConnection = await E2eQueues.GatewayAsync(settings, BenchRoute.Sender, cancellationToken);
        await using var consumerChannel = await consumerConnection.CreateChannelAsync(cancellationToken: cancellationToken);
        var latencies = new ConcurrentBag<double>();
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var time = TimeProvider.System;
        await consumerChannel.BasicQosAsync(0, 128, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, args) =>
        {
            var now = time.GetTimestamp();
            if (args.BasicProperties.MessageId is { } id && sentAt.TryGetValue(id, out var sent))
            {
                latencies.Add(time.GetElapsedTime(sent, now).TotalMilliseconds);
                if (latencies.Count == count)
                {
                    done.TrySetResult(now);
                }
            }

            await consumerChannel.BasicAckAsync(args.DeliveryTag, multiple: false, args.CancellationToken);
        };
        await consumerChannel.BasicConsumeAsync(AgencyNames.OutboundQueue, autoAck: false, consumer, cancellationToken);

        await using var publisherConnection = await E2eQueues.SystemAsync(settings, BenchRoute.Sender, cancellationToken);
        await using var publisher = await publisherConnection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var body = new byte[size];
        var start = time.GetTimestamp();
        var pending = new List<Task>(64);
        for (var i = 0; i < count; i++)
        {
            var id = "raw-" + Guid.NewGuid().ToString("N");
            sentAt[id] = time.GetTimestamp();
            var properties = new BasicProperties { ContentType = "application/octet-stream", MessageId = id, DeliveryMode = DeliveryModes.Persistent };
            pending.Add(publisher.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, body, cancellationToken).AsTask());
            if (pending.Count == 64)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        var end = await done.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var sorted = latencies.Order().ToArray();
        return new Result(count / time.GetElapsedTime(start, end).TotalSeconds, Statistics.Percentile(sorted, 0.5), Statistics.Percentile(sorted, 0.99));
    }
}
