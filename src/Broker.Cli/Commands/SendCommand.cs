using System.CommandLine;
using Broker.Cli.Agency;
using Broker.Cli.Policy;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Broker.Cli.Commands;

/// <summary><c>broker send alert.json</c>: publish a plain case alert as the agency system would (protocols/amqp.md §2.1).</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("alert") { Description = "A case alert JSON file (protocols/case-alert.schema.json)." };
        var agency = new Option<string?>("--agency") { Description = "Send as this agency's system (default: the alert's origin.agency)." };
        var fresh = new Option<bool>("--fresh") { Description = "Give the alert a new id and creation time (to send a sample again)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Ask the gateway for its sharing notice only (header x-dry-run): nothing is stored, sealed or sent." };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait in the sender's inbox for the sharing notice and the hub's routing receipt (or a rejection); 0 = do not wait.", DefaultValueFactory = _ => 0 };
        var secrets = new Option<string?>("--secrets") { Description = "Secrets file with RMQ_PASSWORD_* (default: $BROKER_RMQ_SECRETS_FILE or .run/secrets.env)." };
        var command = new Command("send", $"Publish a plain alert to the agency's {AgencyNames.OutboundExchange} exchange with publisher confirms; optionally wait for the routing receipt or rejection.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { agency, fresh, dryRun, wait, secrets })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (output, error) =>
        {
            var time = TimeProvider.System;
            var alert = AlertFile.Read(parse.GetValue(file)!, parse.GetValue(fresh), time);
            var target = AgencyConnection.Resolve(parse.GetValue(agency) ?? alert.Origin, parse.GetValue(secrets));
            // Open the inbox first, so a fast receipt cannot slip past.
            await using var inbox = parse.GetValue(wait) > 0 ? await InboxReader.OpenAsync(target, cancellationToken) : null;
            await PublishAsync(target, alert, parse.GetValue(dryRun), time, cancellationToken);
            await output.WriteLineAsync($"alert {alert.Id} accepted by {target.VirtualHost} (publisher confirm)");
            if (inbox is null)
            {
                return 0;
            }

            var deadline = time.GetUtcNow().AddSeconds(parse.GetValue(wait));
            while (await inbox.NextAsync(deadline, time, cancellationToken) is { } next)
            {
                // Anything else in the inbox stays unacknowledged and returns to it when we close.
                if (next.Message.Concerns(alert.Id))
                {
                    next.Message.Print(output);
                    await inbox.AckAsync(next.Tag, cancellationToken);
                    if (next.Message.Settles is { } ok)
                    {
                        return ok ? 0 : 1;
                    }
                }
            }

            await error.WriteLineAsync($"no routing receipt, sharing notice or rejection settled {alert.Id} within {parse.GetValue(wait)} s");
            return 1;
        }, cancellationToken));
        return command;
    }

    private static async Task PublishAsync(AgencyConnection target, AlertFile alert, bool dryRun, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync("send", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            MessageId = alert.Id,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(time.GetUtcNow().ToUnixTimeSeconds()),
            Headers = dryRun ? new Dictionary<string, object?> { ["x-dry-run"] = "true" } : null,
        };
        try
        {
            await channel.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, alert.Body, cancellationToken);
        }
        catch (PublishException e)
        {
            throw new CliException(e.IsReturn ? "the broker returned the alert: no route (routing key 'alert' not bound)" : "the broker refused the alert (negative confirm)");
        }
    }

    /// <summary>Runs an async command body; user and broker errors print one line to stderr and return 1.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body(output, error);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        catch (BrokerUnreachableException e)
        {
            await error.WriteLineAsync($"error: cannot reach RabbitMQ ({e.InnerException?.Message ?? e.Message}); is the node running (deploy/rabbitmq.sh status)?");
            return 1;
        }
        catch (OperationInterruptedException e)
        {
            await error.WriteLineAsync($"error: the broker closed the channel: {e.ShutdownReason?.ReplyCode} {e.ShutdownReason?.ReplyText}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
    }
}
