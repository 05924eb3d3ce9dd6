using System.CommandLine;
using Broker.Bench.Audit;
using Spectre.Console;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench audit</c>: appends, proofs, verification and replay per second on a generated log of real envelopes.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var entries = new Option<int>("--entries") { Description = "Entries in the generated log (5 per envelope).", DefaultValueFactory = _ => 100_000 };
        var quick = new Option<bool>("--quick") { Description = "A 5,000-entry run for a smoke test." };
        var producers = new Option<int>("--producers") { Description = "Concurrent appenders (the sequencer batches what they send).", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of signature verification alone and replay; the best of each is compared.", DefaultValueFactory = _ => 3 };
        var keep = new Option<string?>("--keep") { Description = "Keep the generated SQLite log and its public key files in this folder (to try 'broker audit verify|replay')." };
        var postgres = new Option<string?>("--postgres") { Description = "Benchmark the PostgreSQL store at this connection string instead of a temporary SQLite file." };
        var command = new Command("audit", "Measure the audit log: appends/s with batching, proofs/s, verify and replay entries/s beside signature verification alone.");
        command.Options.Add(entries);
        command.Options.Add(quick);
        command.Options.Add(producers);
        command.Options.Add(rounds);
        command.Options.Add(postgres);
        command.Options.Add(keep);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(quick) ? 5_000 : parse.GetValue(entries);
            if (count < 5 || parse.GetValue(producers) < 1 || parse.GetValue(rounds) < 1)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("audit: --entries must be at least 5, --producers and --rounds at least 1.");
                return 2;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
            var benchmark = new AuditBenchmark(console, count, parse.GetValue(producers), parse.GetValue(postgres), parse.GetValue(rounds), parse.GetValue(keep));
            benchmark.Write(await benchmark.RunAsync(cancellationToken));
            return 0;
        });
        return command;
    }
}
