namespace Broker.Protocol.Encoding;

/// <summary>Carries a <see cref="RejectReason"/> out of a decoder to the <c>TryXxx</c> boundary that returns it; never escapes the library.</summary>
internal sealed class RejectException(RejectReason reason) : Exception(reason.ToString())
{
    public RejectReason Reason { get; } = reason;

    public static void ThrowIf(bool condition, RejectReason reason)
    {
        if (condition)
        {
            throw new RejectException(reason);
        }
    }
}
