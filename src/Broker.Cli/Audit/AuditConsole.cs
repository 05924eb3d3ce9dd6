using Broker.Audit.Verification;
using Spectre.Console;

namespace Broker.Cli.Audit;

/// <summary>Progress bars for long runs and the closing summary and findings tables.</summary>
internal static class AuditConsole
{
    public const int FindingsShown = 50;

    public static IAnsiConsole Create(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

    /// <summary>Runs <paramref name="work"/> with one progress bar per stage it reports.</summary>
    public static async Task<T> WithProgressAsync<T>(IAnsiConsole console, Func<IProgress<AuditProgress>, Task<T>> work)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                result = await work(new StageProgress(context)).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    public static void Summary(IAnsiConsole console, string title, IEnumerable<(string Item, string Value)> rows, IReadOnlyList<Finding> findings)
    {
        var table = new Table().Title(title).AddColumn("Check").AddColumn(new TableColumn("Result").RightAligned());
        foreach (var (item, value) in rows)
        {
            table.AddRow(Markup.Escape(item), Markup.Escape(value));
        }

        foreach (var group in findings.GroupBy(f => f.Code).OrderBy(g => g.Key))
        {
            table.AddRow($"[red]{group.Key}[/]", $"[red]{group.Count()}[/]");
        }

        table.AddRow(findings.Count == 0 ? "[green]Findings[/]" : "[red]Findings[/]", findings.Count == 0 ? "[green]none[/]" : $"[red]{findings.Count}[/]");
        console.Write(table);
        if (findings.Count == 0)
        {
            return;
        }

        var list = new Table().Title("Findings").AddColumn("Code").AddColumn("Entry / size").AddColumn("Detail");
        foreach (var finding in findings.Take(FindingsShown))
        {
            list.AddRow(finding.Code.ToString(), finding.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", Markup.Escape(finding.Detail));
        }

        console.Write(list);
        if (findings.Count > FindingsShown)
        {
            console.MarkupLine($"... and {findings.Count - FindingsShown} more (write --report for all).");
        }
    }

    private sealed class StageProgress(ProgressContext context) : IProgress<AuditProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Report(AuditProgress value)
        {
            lock (_lock)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                {
                    task = context.AddTask(value.Stage, maxValue: Math.Max(1, value.Total));
                    _tasks[value.Stage] = task;
                }

                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Done;
            }
        }
    }
}
