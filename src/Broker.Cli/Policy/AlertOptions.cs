using System.CommandLine;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Policy;

/// <summary>The options that describe a probe alert (markings and views) for explain, matrix and the benchmark.</summary>
internal sealed class AlertOptions
{
    public Option<string> Category { get; } = new("--category") { Description = "Crime category, e.g. drug-trafficking, precursors.", DefaultValueFactory = _ => "drug-trafficking" };

    public Option<string> Tlp { get; } = new("--tlp") { Description = "TLP: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.", DefaultValueFactory = _ => "AMBER" };

    public Option<string> Classification { get; } = new("--classification") { Description = "unclassified, restricted, confidential or secret.", DefaultValueFactory = _ => "restricted" };

    public Option<string> Handling { get; } = new("--handling") { Description = "Handling codes, comma-separated (H0,H2).", DefaultValueFactory = _ => string.Empty };

    public Option<string[]> Views { get; } = new("--view")
    {
        Description = "A prepared view as comma-separated data classes (repeat for several views; empty string = no classes).",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Category);
        command.Options.Add(Tlp);
        command.Options.Add(Classification);
        command.Options.Add(Handling);
        command.Options.Add(Views);
    }

    public (Category Category, Tlp Tlp, Classification Classification, HandlingCodes Handling, IReadOnlyList<AlertView> Views) Read(ParseResult parse)
    {
        var categoryText = parse.GetValue(Category);
        var tlpText = parse.GetValue(Tlp);
        var classificationText = parse.GetValue(Classification);
        if (!Wire.TryParse(categoryText, out Category category))
        {
            throw new CliException($"unknown category '{categoryText}'");
        }

        if (!Wire.TryParse(tlpText, out Tlp tlp))
        {
            throw new CliException($"unknown TLP '{tlpText}'");
        }

        if (!Wire.TryParse(classificationText, out Classification classification))
        {
            throw new CliException($"unknown classification '{classificationText}'");
        }

        var handling = HandlingCodes.None;
        foreach (var code in Split(parse.GetValue(Handling)))
        {
            handling |= Wire.TryParseHandling(code, out var flag) ? flag : throw new CliException($"unknown handling code '{code}'");
        }

        var views = (parse.GetValue(Views) is { Length: > 0 } given ? given : ["operational.general"])
            .Select(v => new AlertView(Split(v).Select(c => DataClass.TryParse(c, out var d) ? d : throw new CliException($"'{c}' is not a data class")).ToArray()))
            .ToArray();
        return (category, tlp, classification, handling, views);
    }

    public static string[] Split(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
