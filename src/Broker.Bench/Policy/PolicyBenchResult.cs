using System.Globalization;

namespace Broker.Bench.Policy;

/// <summary>
/// One <c>broker-bench policy</c> run: the best microseconds per alert of the gateway's evaluation and of the hub's header check
/// (each deciding every recipient), and of one signature verification; the shares are computed from these figures only.
/// </summary>
internal sealed record PolicyBenchResult(int Recipients, int EnvelopeBytes, double PolicyMicroseconds, double HubCheckMicroseconds, double VerifyMicroseconds)
{
    public const double GoalPercent = 5;

    public double PolicyShare => PolicyMicroseconds / VerifyMicroseconds * 100;

    public double HubCheckShare => HubCheckMicroseconds / VerifyMicroseconds * 100;

    public bool GoalMet => Math.Max(PolicyShare, HubCheckShare) <= GoalPercent;

    public void Write(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"policy:    {1e6 / PolicyMicroseconds * Recipients,12:N0} decisions/s  ({1e6 / PolicyMicroseconds,10:N0} alerts/s, {PolicyMicroseconds,9:N1} us per alert of {Recipients} decisions, gateway Evaluate)"));
        output.WriteLine(string.Create(c, $"hub check: {1e6 / HubCheckMicroseconds * Recipients,12:N0} decisions/s  ({1e6 / HubCheckMicroseconds,10:N0} headers/s, {HubCheckMicroseconds,9:N1} us per header, EnvelopePolicy.CheckRecipients)"));
        output.WriteLine(string.Create(c, $"signature: {1e6 / VerifyMicroseconds,12:N0} envelopes/s ({EnvelopeBytes:N0} bytes, {VerifyMicroseconds,9:N1} us per hub verification)"));
        output.WriteLine(string.Create(c, $"policy evaluation costs {PolicyShare:N2}% (hub check {HubCheckShare:N2}%) of the hub's signature verification for the same alert (goal: <= {GoalPercent}%): {(GoalMet ? "MET" : "NOT MET")}"));
    }
}
