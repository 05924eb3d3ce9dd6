using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Broker.Web.Alerts;

/// <summary>
/// Sends an officer's action as the agency system would: a plain case alert with an <c>action</c> part and <c>inReplyTo</c>,
/// addressed to the originator only, published to <c>agency.outbound</c> with routing key <c>action</c> and a publisher
/// confirm. The gateway validates, signs and seals it like any alert; the web app never holds keys.
/// </summary>
internal sealed class ActionPublisher(IOptions<WebOptions> options, TimeProvider timeProvider) : IAsyncDisposable
{
    public static readonly string[] Kinds = ["acknowledge", "reply", "request-evidence-use", "request-onward-sharing", "grant", "refuse"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public static JsonObject Compose(JsonObject original, string originAgency, Officer officer, string kind, string? text, Guid? requestId, Guid actionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(officer);
        if (!Kinds.Contains(kind))
        {
            throw new InvalidOperationException("The action kind is not one of the schema's kinds.");
        }

        var title = $"{kind}: {AlertRecord.Str(original, "title")}";
        var action = new JsonObject { ["kind"] = kind, ["officer"] = Cap(officer.DisplayName, 200) };
        if (requestId is { } r)
        {
            action["requestId"] = r.ToString("D");
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            action["text"] = Cap(text.Trim(), 4000);
        }

        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["id"] = actionId.ToString("D"),
            ["created"] = Stamp(now.AddSeconds(-1)),
            ["expires"] = Stamp(now.AddDays(30)),
            ["inReplyTo"] = AlertRecord.Str(original, "id"),
            ["action"] = action,
            ["origin"] = new JsonObject { ["agency"] = officer.Agency, ["officer"] = new JsonObject { ["name"] = Cap(officer.DisplayName, 200), ["unit"] = "Liaison desk" } },
            ["category"] = AlertRecord.Str(original, "category"),
            ["priority"] = AlertRecord.Str(original, "priority"),
            ["tlp"] = AlertRecord.Str(original, "tlp"),
            ["classification"] = AlertRecord.Str(original, "classification"),
            ["handling"] = original["handling"]?.DeepClone() ?? new JsonObject { ["codes"] = new JsonArray("H0") },
            ["title"] = Cap(title, 200),
            ["summary"] = Cap(string.IsNullOrWhiteSpace(text) ? $"{kind} by {officer.DisplayName} of {officer.Agency}" : text.Trim(), 1000),
            ["addressing"] = new JsonObject { ["agencies"] = new JsonArray(originAgency) },
        };
    }

    public async Task PublishAsync(JsonObject action, Guid actionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await ChannelAsync(cancellationToken).ConfigureAwait(false);
            var properties = new BasicProperties
            {
                ContentType = "application/json",
                MessageId = "action-" + actionId.ToString("N"),
                DeliveryMode = DeliveryModes.Persistent,
                Timestamp = new AmqpTimestamp(timeProvider.GetUtcNow().ToUnixTimeSeconds()),
            };
            await channel.BasicPublishAsync("agency.outbound", "action", mandatory: true, properties, System.Text.Encoding.UTF8.GetBytes(action.ToJsonString()), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        var rabbit = options.Value.Rabbit;
        if (_connection is not { IsOpen: true })
        {
            var factory = new ConnectionFactory
            {
                HostName = rabbit.HostName,
                Port = rabbit.Port,
                VirtualHost = rabbit.VirtualHost.Length > 0 ? rabbit.VirtualHost : $"agency.{options.Value.Agency}",
                UserName = rabbit.UserName.Length > 0 ? rabbit.UserName : $"{options.Value.Agency}.system",
                Password = rabbit.Password,
                ClientProvidedName = "broker-web",
            };
            _connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken)
            .ConfigureAwait(false);
        return _channel;
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
