using System.CommandLine;
using Broker.Cli.Policy;
using Broker.Policy.Analysis;

namespace Broker.Cli.Commands;

internal static class PolicyMatrixCommand
{
    public static Command Create()
    {
        var policies = PolicyCommand.PoliciesOption();
        var directory = PolicyCommand.DirectoryOption();
        var at = PolicyCommand.AtOption();
        var svg = new Option<string?>("--svg") { Description = "Also write the matrix as an SVG heat map to this file." };
        var allCategories = new Option<bool>("--all-categories") { Description = "Probe all nine categories instead of --category." };
        var alert = new AlertOptions();
        var command = new Command("matrix", "Who may send what to whom: origin country x destination country for one probe alert, as a table and an SVG heat map.");
        command.Options.Add(policies);
        command.Options.Add(directory);
        command.Options.Add(at);
        command.Options.Add(svg);
        command.Options.Add(allCategories);
        alert.AddTo(command);
        command.SetAction(parse => PolicyCommand.Run(parse, (output, error) =>
        {
            var set = PolicyFiles.LoadSet(parse.GetValue(policies)!, error);
            var agencies = PolicyFiles.LoadDirectory(PolicyCommand.DirectoryPath(parse, policies, directory));
            var (category, tlp, classification, handling, views) = alert.Read(parse);
            var probe = new MatrixProbe
            {
                Categories = parse.GetValue(allCategories) ? [] : [category],
                Tlp = tlp,
                Classification = classification,
                Handling = handling,
                DataClasses = views[0].DataClasses,
            };
            var matrix = PolicyMatrix.Build(agencies, set, PolicyCommand.ReadAt(parse, at), probe);
            output.Write(PolicyMatrixRendering.ToText(matrix));
            if (parse.GetValue(svg) is { } path)
            {
                File.WriteAllText(path, PolicyMatrixRendering.ToSvg(matrix));
                output.WriteLine($"heat map written to {path}");
            }

            return 0;
        }));
        return command;
    }
}
