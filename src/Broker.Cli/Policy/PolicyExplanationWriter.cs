using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Policy;

/// <summary>Prints an evaluation for an officer or auditor: the alert, then each recipient's decision and its reasoning.</summary>
internal static class PolicyExplanationWriter
{
    public static void Write(TextWriter output, AlertFacts alert, AlertEvaluation evaluation, bool brief)
    {
        var addressing = alert.Broadcast ? "broadcast"
            : string.Join(", ", alert.AddressedAgencies.Select(a => a.Value).Concat(alert.AddressedCountries.Select(c => c.Value + " (country)")));
        output.WriteLine($"Alert from {alert.Origin}: {Wire.Name(alert.Category)}, TLP:{Wire.Name(alert.Tlp)}, {Wire.Name(alert.Classification)}, " +
            $"handling [{string.Join(" ", Wire.Names(alert.Handling))}], to {addressing}");
        for (var i = 0; i < alert.Views.Count; i++)
        {
            output.WriteLine($"  view {i}: [{string.Join(", ", alert.Views[i].DataClasses)}]");
        }

        var used = evaluation.PoliciesUsed.Count == 0 ? "none consulted" : string.Join(", ", evaluation.PoliciesUsed.Select(p => $"{p} ({p.Digest[..12]})"));
        output.WriteLine($"Evaluated at {evaluation.EvaluatedAt:O} with policies: {used}");
        if (evaluation.IsRefused)
        {
            output.WriteLine($"REFUSED ({evaluation.Refusal}): {evaluation.RefusalText}");
        }

        foreach (var decision in evaluation.Decisions)
        {
            output.WriteLine(decision.Summary);
            if (brief)
            {
                continue;
            }

            foreach (var line in decision.Explanation)
            {
                output.WriteLine("    " + line);
            }
        }

        var allowed = evaluation.Decisions.Count(d => d.Outcome == DecisionOutcome.Allow);
        var withheld = evaluation.Decisions.Count(d => d.Outcome == DecisionOutcome.Withheld);
        output.WriteLine($"{allowed} allowed, {withheld} withheld, {evaluation.Decisions.Count - allowed - withheld} denied of {evaluation.Decisions.Count} candidate(s). Nothing was sent.");
    }
}
