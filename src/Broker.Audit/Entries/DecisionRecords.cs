using Broker.Audit.Replay;
using Broker.Policy.Evaluation;
using Broker.Policy.Model;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Entries;

/// <summary>
/// The one mapping between the policy evaluator and the log, used by the hub when it records and by replay when it compares, so
/// both sides describe a decision with the same fields. The record's outcome is the log's own <see cref="RecordedOutcome"/>
/// (Broker.Protocol does not reference the policy engine, so the byte format cannot follow the evaluator's types by accident);
/// <see cref="Recorded"/> is the one translation.
/// The facts both evaluate come from one function too, <see cref="EnvelopePolicy.Facts"/>.
/// </summary>
public static class DecisionRecords
{
    /// <summary>The record of one recipient decision, for the hub to append.</summary>
    public static DecisionRecorded Record(EnvelopeHeader header, RecipientDecision decision, DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(decision);
        var summary = Summarise(decision, header.Sender);
        return new DecisionRecorded
        {
            EnvelopeId = header.Id.ToString(),
            Origin = header.Sender,
            Recipient = decision.Recipient,
            Category = header.Category,
            Outcome = summary.Outcome,
            Reason = summary.Reason,
            Rule = summary.Rule,
            OriginPolicyVersion = summary.OriginPolicyVersion,
            DestinationPolicyVersion = summary.DestinationPolicyVersion,
            ViewIndex = summary.ViewIndex,
            DecidedAt = decidedAt,
        };
    }

    public static ReplayedDecision Summarise(RecipientDecision decision, AgencyId origin)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new ReplayedDecision(
            Recorded(decision.Outcome),
            FormatRules(decision.DecidingRules),
            decision.Reason.ToString(),
            Version(decision.PoliciesUsed, origin.Country),
            Version(decision.PoliciesUsed, decision.Recipient.Country),
            decision.Outcome == DecisionOutcome.Allow ? decision.ViewIndex ?? -1 : -1);
    }

    /// <summary>The evaluator's outcome in the log's terms; an outcome the log has no number for is a programming error, not a deny.</summary>
    public static RecordedOutcome Recorded(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Allow => RecordedOutcome.Allow,
        DecisionOutcome.Withheld => RecordedOutcome.Withheld,
        DecisionOutcome.Deny => RecordedOutcome.Deny,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The audit log has no encoding for this decision outcome."),
    };

    /// <summary>"CC/version/outbound|inbound/rule-id" per rule, joined by " + ".</summary>
    public static string FormatRules(IReadOnlyList<PolicyRuleRef> rules) =>
        string.Join(" + ", rules.Select(r => $"{r.Policy.Country}/{r.Policy.Version}/{(r.Direction == PolicyDirection.Outbound ? "outbound" : "inbound")}/{r.RuleId}"));

    private static long Version(IReadOnlyList<PolicyVersionRef> used, CountryCode country) =>
        used.FirstOrDefault(p => p.Country == country).Version;
}
