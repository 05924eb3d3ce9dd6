using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// Consumes one queue (or several, <see cref="QueueNames"/>, on one channel, each with its own prefetch window, so a full
/// queue cannot hold back the others) with manual acks and several handlers in flight at once. Each delivery is
/// acked or requeued individually after its handler returns; a handler exception requeues. When the channel or
/// consumer goes away for good (broker closed it, recovery gave up) the loop opens a new one after a backoff. Backoffs
/// run on the connection's <see cref="RabbitConnectionProvider.TimeProvider"/>; <see cref="Problem"/> says whether the
/// loop is consuming and, with <see cref="StallAfter"/>, whether its queue moves, for readiness.
/// </summary>
public abstract class RabbitConsumerLoop : BackgroundService
{
    private readonly RabbitConnectionProvider _connections;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConsumerProgress _progress;
    private int _consecutiveFailures;
    private volatile string? _problem = "not started";
    private volatile string[] _missing = [];

    protected RabbitConsumerLoop(RabbitConnectionProvider connections, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _logger = logger;
        _time = connections.TimeProvider;
        _progress = new ConsumerProgress(_time);
    }

    /// <summary>The queue this loop consumes.</summary>
    public string Queue => QueueName;

    /// <summary>
    /// Null while a consumer is registered on the queue and the queue moves; otherwise why not (no host, user or exception
    /// text): not consuming, or deliveries in flight with none acknowledged for <see cref="StallAfter"/>.
    /// </summary>
    public string? Problem()
    {
        if (_problem is { } problem)
        {
            return $"not consuming {QueueName}: {problem}";
        }

        return StallAfter is { } limit && _progress.Stalled(limit) is { } stalled
            ? $"{QueueName} does not move: {stalled.InFlight} deliveries in flight, none acknowledged for {stalled.For.TotalSeconds:0} s"
            : null;
    }

    /// <summary>
    /// Null while every queue of <see cref="QueueNames"/> is consumed; otherwise the queues skipped because they do not exist
    /// (the others are consumed; readiness reports Degraded, not Unhealthy). Rechecked every <see cref="MissingQueueRescan"/>.
    /// </summary>
    public string? Degradation() => _missing is { Length: > 0 } missing
        ? $"not consuming {string.Join(", ", missing)}: the queue does not exist (rechecked every {MissingQueueRescan.TotalSeconds:0} s)"
        : null;

    /// <summary>How often queues of <see cref="QueueNames"/> that did not exist are checked again while the channel stays open.</summary>
    protected virtual TimeSpan MissingQueueRescan => TimeSpan.FromSeconds(30);

    /// <summary>The queue's name in logs and health (with several queues, a name for all of them).</summary>
    protected abstract string QueueName { get; }

    /// <summary>The queues consumed, each by its own consumer with its own <see cref="Prefetch"/> window; by default <see cref="QueueName"/>.</summary>
    protected virtual IReadOnlyList<string> QueueNames => [QueueName];

    /// <summary>Readiness fails when deliveries are in flight and none was acknowledged for this long; null never fails.</summary>
    protected virtual TimeSpan? StallAfter => null;

    /// <summary>Unacked deliveries the broker may push to each consumer (per queue, not per channel).</summary>
    protected abstract ushort Prefetch { get; }
    protected abstract ushort Concurrency { get; }

    /// <summary>Handle one delivery; return only when its effects are durable (ack) or retriable (requeue).</summary>
    protected abstract Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Exception? error = null;
            try
            {
                await ConsumeUntilClosedAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
                failures++;
            }

            var delay = RestartDelay(failures);
            _problem = error is null
                ? $"the channel closed; restarting in {delay.TotalMilliseconds:0} ms"
                : $"attempt failed ({error.GetType().Name}, {failures} in a row); restarting in {delay.TotalMilliseconds:0} ms";
            _logger.ConsumerStopped(QueueName, error, (int)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan RequeueDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures - 1, 8))));

    private static TimeSpan RestartDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(failures, 8))));

    private async Task ConsumeUntilClosedAsync(CancellationToken stoppingToken)
    {
        var connection = await _connections.GetConnectionAsync(stoppingToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: Concurrency), stoppingToken).ConfigureAwait(false);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await channel.BasicQosAsync(0, Prefetch, false, stoppingToken).ConfigureAwait(false);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, args) => OnReceivedAsync(channel, args, stoppingToken);
        consumer.UnregisteredAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        // A queue that does not exist would close the whole channel with 404 at BasicConsume and stop every other queue with it
        // (one agency listed in the registry before its queue was defined): skip it, report it, and look again periodically.
        var missing = await ConsumeExistingAsync(connection, channel, consumer, QueueNames, stoppingToken).ConfigureAwait(false);
        _missing = [.. missing];
        if (missing.Count > 0)
        {
            _logger.ConsumerQueuesMissing(QueueName, string.Join(", ", missing), (int)MissingQueueRescan.TotalSeconds);
        }

        _logger.ConsumerStarted(QueueName, Prefetch, Concurrency);
        _problem = null;
        try
        {
            while (missing.Count > 0 && !closed.Task.IsCompleted)
            {
                using var rescan = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(MissingQueueRescan, _time, rescan.Token);
                if (await Task.WhenAny(closed.Task, tick).ConfigureAwait(false) != tick)
                {
                    await rescan.CancelAsync().ConfigureAwait(false);
                    break;
                }

                await tick.ConfigureAwait(false); // Throws when stopping.
                var still = await ConsumeExistingAsync(connection, channel, consumer, missing, stoppingToken).ConfigureAwait(false);
                foreach (var queue in missing.Except(still, StringComparer.Ordinal))
                {
                    _logger.ConsumerQueueAppeared(QueueName, queue);
                }

                missing = still;
                _missing = [.. missing];
            }

            await closed.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _problem ??= stoppingToken.IsCancellationRequested ? "stopping" : "the channel closed";
        }
    }

    /// <summary>
    /// Starts <paramref name="consumer"/> on each of <paramref name="queues"/> that exists (checked passively on a throwaway
    /// channel, since a 404 closes the channel it happens on); returns those that do not.
    /// </summary>
    private static async Task<List<string>> ConsumeExistingAsync(
        IConnection connection, IChannel channel, AsyncEventingBasicConsumer consumer, IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        IChannel? probe = null;
        try
        {
            foreach (var queue in queues)
            {
                probe ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                try
                {
                    await probe.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
                {
                    missing.Add(queue);
                    await probe.DisposeAsync().ConfigureAwait(false);
                    probe = null;
                    continue;
                }

                await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (probe is not null)
            {
                await probe.DisposeAsync().ConfigureAwait(false);
            }
        }

        return missing;
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs args, CancellationToken stoppingToken)
    {
        _progress.Received();
        var acked = false;
        try
        {
            acked = await HandleAndSettleAsync(channel, args, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _progress.Finished(acked);
        }
    }

    /// <summary>True when the delivery was acknowledged.</summary>
    private async Task<bool> HandleAndSettleAsync(IChannel channel, BasicDeliverEventArgs args, CancellationToken stoppingToken)
    {
        var delivery = InboundDelivery.From(args.DeliveryTag, args.Redelivered, args.Exchange, args.RoutingKey, args.BasicProperties, args.Body);
        DeliveryDisposition disposition;
        try
        {
            disposition = await HandleAsync(delivery, stoppingToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false; // Shutting down: leave it unacked, the broker redelivers it to another consumer.
        }
        catch (Exception ex)
        {
            _logger.HandlerFailed(args.DeliveryTag, QueueName, ex);
            disposition = DeliveryDisposition.Requeue;

            // Hold the message (still unacked) for a growing pause before requeueing it, so an outage behind the handler
            // (broker publish path, store) does not spin messages through the queue's delivery limit.
            var failures = Interlocked.Increment(ref _consecutiveFailures);
            try
            {
                await Task.Delay(RequeueDelay(failures), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        try
        {
            if (disposition == DeliveryDisposition.Ack)
            {
                await channel.BasicAckAsync(args.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            else
            {
                await channel.BasicNackAsync(args.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RabbitMQClientException or IOException or ObjectDisposedException)
        {
            _logger.AckFailed(args.DeliveryTag, QueueName, ex);
        }

        return false;
    }
}
