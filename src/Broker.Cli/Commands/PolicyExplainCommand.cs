using System.CommandLine;
using Broker.Cli.Policy;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Commands;

internal static class PolicyExplainCommand
{
    public static Command Create()
    {
        var policies = PolicyCommand.PoliciesOption();
        var directory = PolicyCommand.DirectoryOption();
        var at = PolicyCommand.AtOption();
        var from = new Option<string>("--from") { Description = "Origin agency, e.g. TH-ONCB.", Required = true };
        var to = new Option<string[]>("--to") { Description = "Recipient agency (repeatable).", AllowMultipleArgumentsPerToken = true };
        var toCountry = new Option<string[]>("--to-country") { Description = "Recipient country (repeatable): every agency of it.", AllowMultipleArgumentsPerToken = true };
        var broadcast = new Option<bool>("--broadcast") { Description = "A notice to every agency the policies allow." };
        var brief = new Option<bool>("--brief") { Description = "One line per recipient, without the reasoning." };
        var alert = new AlertOptions();
        var command = new Command("explain", "Dry run: who would receive this alert, which view, and why (which rule of which policy version). Sends nothing.");
        foreach (var option in new Option[] { policies, directory, at, from, to, toCountry, broadcast, brief })
        {
            command.Options.Add(option);
        }

        alert.AddTo(command);
        command.SetAction(parse => PolicyCommand.Run(parse, (output, error) =>
        {
            var set = PolicyFiles.LoadSet(parse.GetValue(policies)!, error);
            var agencies = PolicyFiles.LoadDirectory(PolicyCommand.DirectoryPath(parse, policies, directory));
            var when = PolicyCommand.ReadAt(parse, at);
            var (category, tlp, classification, handling, views) = alert.Read(parse);
            var facts = new AlertFacts
            {
                Origin = Agency(parse.GetValue(from)!),
                Category = category,
                Tlp = tlp,
                Classification = classification,
                Handling = handling,
                Broadcast = parse.GetValue(broadcast),
                AddressedAgencies = (parse.GetValue(to) ?? []).SelectMany(AlertOptions.Split).Select(Agency).ToArray(),
                AddressedCountries = (parse.GetValue(toCountry) ?? []).SelectMany(AlertOptions.Split)
                    .Select(c => CountryCode.TryParse(c, out var code) ? code : throw new CliException($"'{c}' is not a country code")).ToArray(),
                Expires = when.AddDays(1),
                Views = views,
            };
            var evaluation = PolicyEvaluator.Evaluate(facts, agencies, set, when);
            PolicyExplanationWriter.Write(output, facts, evaluation, parse.GetValue(brief));
            return 0;
        }));
        return command;
    }

    private static AgencyId Agency(string text) =>
        AgencyId.TryParse(text, out var id) ? id : throw new CliException($"'{text}' is not an agency id (CC-NAME)");
}
