using Broker.Hosting.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using RabbitMQ.Client;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// Owns one long-lived, automatically recovering AMQP connection. The first caller connects (retried with backoff);
/// a connection that was closed for good (not recovering) is replaced on the next call.
/// </summary>
public sealed class RabbitConnectionProvider : IAsyncDisposable
{
    private readonly RabbitConnectionOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public RabbitConnectionProvider(string name, RabbitConnectionOptions options, ResiliencePipeline pipeline, ILogger<RabbitConnectionProvider> logger)
    {
        Name = name;
        _options = options;
        _pipeline = pipeline;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>True while a connection exists and is open (health).</summary>
    public bool IsOpen => _connection?.IsOpen == true;

    public async ValueTask<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        var current = _connection;
        if (current is { IsOpen: true })
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
            _connection.ConnectionShutdownAsync += (_, args) =>
            {
                _logger.ConnectionShutdown(Name, args.ReplyCode, args.Initiator.ToString());
                return Task.CompletedTask;
            };
            _connection.RecoverySucceededAsync += (_, _) =>
            {
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
