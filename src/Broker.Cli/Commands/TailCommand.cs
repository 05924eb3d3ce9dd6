using System.CommandLine;
using Broker.Cli.Agency;

namespace Broker.Cli.Commands;

/// <summary><c>broker tail AGENCY</c>: read an agency's inbox as its system user and print alerts and receipts as they arrive.</summary>
internal static class TailCommand
{
    public static Command Create()
    {
        var agency = new Argument<string>("agency") { Description = "The agency whose inbox to read (RU-MVD)." };
        var until = new Option<string?>("--until") { Description = "Stop (exit 0) when a message about this id arrives: alert id, message id or correlation id." };
        var count = new Option<int?>("--count") { Description = "Stop after this many messages." };
        var timeout = new Option<int?>("--timeout") { Description = "Give up after this many seconds (exit 1 when --until or --count was not met; default: no limit)." };
        var keep = new Option<bool>("--keep") { Description = "Do not acknowledge: messages go back to the inbox when tail exits." };
        var secrets = new Option<string?>("--secrets") { Description = "Secrets file with RMQ_PASSWORD_* (default: $BROKER_RMQ_SECRETS_FILE or .run/secrets.env)." };
        var command = new Command("tail", "Consume an agency's inbox (protocols/amqp.md §2.2) and print each delivered alert, receipt and rejection.");
        command.Arguments.Add(agency);
        foreach (var option in new Option[] { until, count, timeout, keep, secrets })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => SendCommand.RunAsync(parse, async (output, error) =>
        {
            var target = AgencyConnection.Resolve(parse.GetValue(agency)!, parse.GetValue(secrets));
            var time = TimeProvider.System;
            var deadline = parse.GetValue(timeout) is { } s ? time.GetUtcNow().AddSeconds(s) : DateTimeOffset.MaxValue;
            var limit = parse.GetValue(count);
            var wanted = parse.GetValue(until);
            await using var reader = await InboxReader.OpenAsync(target, cancellationToken);
            await output.WriteLineAsync($"reading {InboxReader.Queue} of {target}{(wanted is null ? "" : $", until {wanted} arrives")}");
            var seen = 0;
            while (await reader.NextAsync(deadline, time, cancellationToken) is { } next)
            {
                next.Message.Print(output);
                if (!parse.GetValue(keep))
                {
                    await reader.AckAsync(next.Tag, cancellationToken);
                }

                seen++;
                if ((wanted is not null && next.Message.Concerns(wanted)) || (wanted is null && seen == limit))
                {
                    return 0;
                }
            }

            if (wanted is null && limit is null)
            {
                return 0;
            }

            await error.WriteLineAsync(wanted is null ? $"timed out after {seen} of {limit} messages" : $"timed out: nothing about {wanted} arrived");
            return 1;
        }, cancellationToken));
        return command;
    }
}
