using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Policy.Evaluation;
using Broker.Policy.Model;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Sharing;

/// <summary>What the notice reports: sealed and sent, only evaluated (dry run), refused as a whole, or nobody may receive it.</summary>
internal enum NoticeStage
{
    Sealed = 1,
    DryRun = 2,
    Refused = 3,
    NothingToSend = 4,
}

/// <summary>
/// The sharing notice the gateway publishes to its agency system (<c>agency.inbound</c>, routing key <c>sharing.notice</c>): for
/// each candidate recipient the decision, the data classes it gets and does not get, the reason, the deciding rules, the
/// explanation and the policy versions. It names data classes, agencies and rules, never alert content.
/// </summary>
internal static class SharingNotice
{
    public const string Type = "broker.sharing-notice.v1";

    public static string MessageId(Guid alertId, bool dryRun, string? messageId) =>
        dryRun ? $"dry-run-{messageId ?? alertId.ToString("D")}" : $"notice-{alertId:D}";

    public static byte[] Compose(Guid alertId, string? messageId, NoticeStage stage, SharingPlan plan, string? envelopeId, AlertRejection? refusal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var recipients = new JsonArray();
        foreach (var outcome in plan.Outcomes)
        {
            recipients.Add(Recipient(outcome));
        }

        var notice = new JsonObject
        {
            ["kind"] = Type,
            ["alertId"] = alertId.ToString("D"),
            ["messageId"] = messageId,
            ["dryRun"] = stage == NoticeStage.DryRun,
            ["outcome"] = stage switch
            {
                NoticeStage.Sealed => "sealed",
                NoticeStage.DryRun => "dry-run",
                NoticeStage.Refused => "refused",
                NoticeStage.NothingToSend => "nothing-to-send",
                _ => "refused",
            },
            ["envelopeId"] = envelopeId,
            ["evaluatedAt"] = plan.Evaluation.EvaluatedAt,
            ["refusal"] = refusal is null ? null : new JsonObject { ["code"] = refusal.WireCode, ["reason"] = refusal.Reason },
            ["policies"] = Policies(plan.Evaluation.PoliciesUsed),
            ["alertDataClasses"] = Classes(plan.AlertClasses),
            ["recipients"] = recipients,
            ["summary"] = new JsonObject
            {
                ["sealed"] = plan.Outcomes.Count(o => o.IsSealed),
                ["reduced"] = plan.Outcomes.Count(o => o.IsSealed && o.Withheld.Count > 0),
                ["withheld"] = plan.Outcomes.Count(o => o.Decision.Outcome == DecisionOutcome.Withheld),
                ["denied"] = plan.Outcomes.Count(o => o.Decision.Outcome == DecisionOutcome.Deny),
                ["notSealed"] = plan.Outcomes.Count(o => o.Decision.IsAllowed && !o.IsSealed),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(notice);
    }

    /// <summary>The decision word for one candidate: deliver, deliver-reduced, withheld, denied or not-sealed.</summary>
    public static string DecisionName(RecipientOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Decision.Outcome switch
        {
            DecisionOutcome.Allow when !outcome.IsSealed => "not-sealed",
            DecisionOutcome.Allow => outcome.Withheld.Count == 0 ? "deliver" : "deliver-reduced",
            DecisionOutcome.Withheld => "withheld",
            DecisionOutcome.Deny => "denied",
            _ => "denied",
        };
    }

    private static JsonObject Recipient(RecipientOutcome outcome)
    {
        var decision = outcome.Decision;
        return new JsonObject
        {
            ["agency"] = decision.Recipient.Value,
            ["decision"] = DecisionName(outcome),
            ["reason"] = decision.Outcome == DecisionOutcome.Deny ? decision.Reason.WireName() : outcome.Skipped,
            ["dataClasses"] = Classes(outcome.Delivered),
            ["withheldDataClasses"] = Classes(outcome.Withheld),
            ["rules"] = new JsonArray([.. decision.DecidingRules.Select(r => (JsonNode?)JsonValue.Create(r.ToString()))]),
            ["policies"] = Policies(decision.PoliciesUsed),
            ["explanation"] = new JsonArray([.. decision.Explanation.Select(l => (JsonNode?)JsonValue.Create(l.ToString()))]),
        };
    }

    private static JsonArray Policies(IEnumerable<PolicyVersionRef> policies) =>
        new([.. policies.Select(p => (JsonNode?)new JsonObject { ["country"] = p.Country.Value, ["version"] = p.Version, ["sha256"] = p.Digest })]);

    private static JsonArray Classes(IEnumerable<DataClass> classes) => new([.. classes.Select(c => (JsonNode?)JsonValue.Create(c.Value))]);
}
