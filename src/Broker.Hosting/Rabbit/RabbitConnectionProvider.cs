using Broker.Hosting.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using RabbitMQ.Client;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// Owns one long-lived, automatically recovering AMQP connection. The first caller connects (retried with backoff);
/// a connection that was closed for good (not recovering) is replaced on the next call. Its waits and its recovery
/// patience run on <see cref="TimeProvider"/>, which the consumer loops on this connection share.
/// </summary>
public sealed class RabbitConnectionProvider : IAsyncDisposable
{
    private readonly RabbitConnectionOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    // Set when the broker drops the connection and RabbitMQ.Client's automatic recovery takes over; cleared when it
    // succeeds. While set, callers wait for the recovery instead of opening a second connection beside the recovering
    // one: two connections competing (the old one recovering its channels and consumers, the new one publishing) left
    // the hub stalled after a node restart.
    private long _recoveringSince;
    private static readonly TimeSpan RecoveryPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryWaitPerCall = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryPoll = TimeSpan.FromMilliseconds(100);

    public RabbitConnectionProvider(
        string name, RabbitConnectionOptions options, ResiliencePipeline pipeline, ILogger<RabbitConnectionProvider> logger, TimeProvider? timeProvider = null)
    {
        Name = name;
        _options = options;
        _pipeline = pipeline;
        _logger = logger;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name { get; }

    /// <summary>The clock of this connection's waits, shared by the consumer loops that use it.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>True while a connection exists and is open (health).</summary>
    public bool IsOpen => _connection?.IsOpen == true;

    /// <summary>Null while open; otherwise what is wrong, in words fit for a health report (no host, user or exception text).</summary>
    internal string? Problem()
    {
        var current = _connection;
        if (current is { IsOpen: true })
        {
            return null;
        }

        if (current is null)
        {
            return $"AMQP connection {Name} is not open (not connected yet, or the last attempt failed)";
        }

        return Recovering(out var elapsed)
            ? $"AMQP connection {Name} was lost {elapsed.TotalSeconds:0} s ago and is recovering"
            : $"AMQP connection {Name} is closed";
    }

    public async ValueTask<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        var current = _connection;
        if (current is { IsOpen: true })
        {
            return current;
        }

        if (current is not null && await WaitForRecoveryAsync(current, cancellationToken).ConfigureAwait(false))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return _connection;
            }

            if (_connection is not null && Recovering(out _))
            {
                // Still recovering, within patience: a transient failure, so the caller's retry comes back later.
                throw new TimeoutException($"AMQP connection {Name} is recovering");
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            var factory = RabbitConnectionFactoryBuilder.Build(_options);
            _connection = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.factory.CreateConnectionAsync(state.name, ct).ConfigureAwait(false),
                (factory, name: _options.ClientName),
                cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _recoveringSince, 0);
            _connection.ConnectionShutdownAsync += (_, args) =>
            {
                _logger.ConnectionShutdown(Name, args.ReplyCode, args.Initiator.ToString());
                if (args.Initiator != ShutdownInitiator.Application)
                {
                    Interlocked.CompareExchange(ref _recoveringSince, Math.Max(1, TimeProvider.GetTimestamp()), 0);
                }

                return Task.CompletedTask;
            };
            _connection.RecoverySucceededAsync += (_, _) =>
            {
                Interlocked.Exchange(ref _recoveringSince, 0);
                _logger.ConnectionRecovered(Name);
                return Task.CompletedTask;
            };
            _logger.Connected(Name, _options.HostName, _options.Port, _options.VirtualHost, _options.UsesClientCertificate ? "EXTERNAL" : "PLAIN");
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True while automatic recovery runs and has not yet used up its patience.</summary>
    private bool Recovering(out TimeSpan elapsed)
    {
        // 0 means "not recovering"; a timestamp of 0 itself is stored as 1 (a tick later, which no patience notices).
        var since = Interlocked.Read(ref _recoveringSince);
        elapsed = since == 0 ? TimeSpan.Zero : TimeProvider.GetElapsedTime(since);
        return since != 0 && elapsed < RecoveryPatience;
    }

    /// <summary>Waits a little for a recovering connection to come back; true when it is open again.</summary>
    private async ValueTask<bool> WaitUntilOpenAsync(IConnection connection, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        while (!connection.IsOpen && TimeProvider.GetElapsedTime(started) < limit)
        {
            await Task.Delay(RecoveryPoll, TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return connection.IsOpen;
    }

    private async ValueTask<bool> WaitForRecoveryAsync(IConnection connection, CancellationToken cancellationToken) =>
        Recovering(out _) && await WaitUntilOpenAsync(connection, RecoveryWaitPerCall, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await _connection.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (BrokerResilience.IsTransient(ex))
            {
                // Already gone: nothing to close.
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        _gate.Dispose();
    }
}
