using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Protocol.Tests.Support;

internal static class Expect
{
    public static void VerifyRejects(byte[] envelope, RejectReason expected, TrustRegistry? registry = null, DateTimeOffset? now = null)
    {
        var ok = Envelope.TryVerify(envelope, registry ?? TestWorld.Shared.Registry, now ?? TestWorld.Now, out var verified, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(verified, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    public static void OpenRejects(byte[] envelope, AgencyKeys recipient, RejectReason expected, TrustRegistry? registry = null)
    {
        var ok = Envelope.TryOpen(envelope, recipient, registry ?? TestWorld.Shared.Registry, TestWorld.Now, out var opened, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(opened, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    public static OpenedEnvelope Opens(byte[] envelope, AgencyKeys recipient, TrustRegistry? registry = null)
    {
        var ok = Envelope.TryOpen(envelope, recipient, registry ?? TestWorld.Shared.Registry, TestWorld.Now, out var opened, out var reason);
        Assert.That(ok, Is.True, $"open failed with {reason}");
        return opened!;
    }
}
