using Broker.Gateway.Alerts;
using Broker.Policy.Evaluation;

namespace Broker.Gateway.Sharing;

/// <summary>Maps the evaluator's refusal of a whole alert to the gateway's stable reject codes.</summary>
internal static class PolicyRefusals
{
    public static AlertRejectCode ToRejectCode(this DenyReason reason) => reason switch
    {
        DenyReason.RedBroadcast => AlertRejectCode.TlpRedBroadcast,
        DenyReason.AmberStrictBroadcast => AlertRejectCode.TlpAmberStrictBroadcast,
        DenyReason.RedAddressedToCountry => AlertRejectCode.TlpRedToCountry,
        DenyReason.ClassifiedMarkedClear => AlertRejectCode.TlpClearClassified,
        DenyReason.BroadcastWithAddressees => AlertRejectCode.BroadcastWithAddressees,
        DenyReason.NoAddressees => AlertRejectCode.NoAddressees,
        DenyReason.Expired => AlertRejectCode.Expired,
        DenyReason.UnknownOrigin or DenyReason.OriginNotActive => AlertRejectCode.OriginNotActive,
        _ => AlertRejectCode.InvalidMarking,
    };

    /// <summary>The refusal to send back for a refused evaluation: the stable code and the evaluator's sentence.</summary>
    public static AlertRejection Rejection(AlertEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return AlertRejection.Of(evaluation.Refusal.ToRejectCode(), $"Refused by the sharing rules: {evaluation.RefusalText ?? evaluation.Refusal.ToString()}.");
    }

    /// <summary>A deny reason as a kebab-case wire name (<c>NoMatchingRule</c> → <c>no-matching-rule</c>).</summary>
    public static string WireName(this DenyReason reason)
    {
        var name = reason.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
