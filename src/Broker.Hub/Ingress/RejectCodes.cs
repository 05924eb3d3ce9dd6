using System.Text;
using Broker.Protocol;

namespace Broker.Hub.Ingress;

/// <summary>
/// Stable codes for refused ingress messages (the dead letter's <c>x-reject-code</c>, routing key <c>rejected.&lt;code&gt;</c>,
/// the rejection receipt, metrics). Protocol failures use the kebab-case name of their <see cref="RejectReason"/>.
/// </summary>
public static class RejectCodes
{
    public const string TooLarge = "too-large";
    public const string UserIdMissing = "user-id-missing";
    public const string UnknownSender = "unknown-sender";
    public const string SenderMismatch = "sender-mismatch";
    public const string Replayed = "replayed";
    public const string NotAnEnvelope = "not-an-envelope";

    public static string From(RejectReason reason) => Kebab(reason.ToString());

    /// <summary>"DeniedByRule" becomes "denied-by-rule".</summary>
    public static string Kebab(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

/// <summary>Why an ingress message was refused; <see cref="Reason"/> is safe to log and to send (no payload bytes).</summary>
public sealed record IngressRejection(string Code, string Reason, RejectReason ProtocolReason = RejectReason.None)
{
    /// <summary>A protocol failure: the code is the kebab-case name of <paramref name="reason"/>, which the dead letter also carries as a number.</summary>
    public static IngressRejection Protocol(RejectReason reason, string what) =>
        new(RejectCodes.From(reason), $"{what}: {reason} ({(int)reason})", reason);
}
