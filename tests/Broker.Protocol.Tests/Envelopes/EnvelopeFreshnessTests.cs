using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopeFreshnessTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    private static byte[] Sealed(DateTimeOffset created, TimeSpan lifetime)
    {
        var request = World.Request([TestWorld.View("alert")], ["RU-MVD"]) with { Created = created, Expires = created + lifetime };
        return Envelope.Seal(request, World["TH-ONCB"]);
    }

    [Test]
    public void TryVerify_AfterExpiry_RejectsWithExpired() =>
        Expect.VerifyRejects(Sealed(TestWorld.Now.AddDays(-3), TimeSpan.FromDays(2)), RejectReason.Expired);

    [Test]
    public void TryVerify_CreatedBeyondClockSkew_RejectsWithCreatedInFuture() =>
        Expect.VerifyRejects(Sealed(TestWorld.Now + ProtocolLimits.MaxClockSkew + TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)), RejectReason.CreatedInFuture);

    [Test]
    public void TryVerify_CreatedWithinClockSkew_Accepts()
    {
        var envelope = Sealed(TestWorld.Now + ProtocolLimits.MaxClockSkew - TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.That(Envelope.TryVerify(envelope, World.Registry, TestWorld.Now, out _, out var reason), Is.True, reason.ToString());
    }

    [Test]
    public void TryVerify_LifetimeOverCap_RejectsWithLifetimeTooLong()
    {
        var wire = Tamper.Parse(Sealed(TestWorld.Now, TimeSpan.FromDays(1)));
        var header = wire.Header with { Expires = wire.Header.Created + ProtocolLimits.MaxLifetime + TimeSpan.FromSeconds(1) };
        Expect.VerifyRejects(Tamper.Resign(wire, header, World["TH-ONCB"].Signing), RejectReason.LifetimeTooLong);
    }

    [Test]
    public void TryVerify_ExpiresBeforeCreated_RejectsWithExpiresBeforeCreated()
    {
        var wire = Tamper.Parse(Sealed(TestWorld.Now, TimeSpan.FromDays(1)));
        var header = wire.Header with { Expires = wire.Header.Created };
        Expect.VerifyRejects(Tamper.Resign(wire, header, World["TH-ONCB"].Signing), RejectReason.ExpiresBeforeCreated);
    }

    [Test]
    public void TryVerify_SenderKeyRevoked_RejectsWithKeyRevoked()
    {
        var registry = World.BuildRegistry(a => a.Value == "TH-ONCB" ? KeyStatus.Revoked : KeyStatus.Active, TestWorld.Now.AddDays(-365), TestWorld.Now.AddDays(365));
        Expect.VerifyRejects(Sealed(TestWorld.Now, TimeSpan.FromDays(1)), RejectReason.KeyRevoked, registry);
    }

    [Test]
    public void TryVerify_SenderKeyExpired_RejectsWithKeyExpired()
    {
        var registry = World.BuildRegistry(_ => KeyStatus.Active, TestWorld.Now.AddDays(-365), TestWorld.Now.AddDays(-1));
        Expect.VerifyRejects(Sealed(TestWorld.Now, TimeSpan.FromDays(1)), RejectReason.KeyExpired, registry);
    }

    [Test]
    public void TryVerify_SenderKeyNotYetValid_RejectsWithKeyNotYetValid()
    {
        var registry = World.BuildRegistry(_ => KeyStatus.Active, TestWorld.Now.AddDays(1), TestWorld.Now.AddDays(365));
        Expect.VerifyRejects(Sealed(TestWorld.Now, TimeSpan.FromDays(1)), RejectReason.KeyNotYetValid, registry);
    }

    [Test]
    public void TryVerify_RecipientKeyRevoked_RejectsWithKeyRevoked()
    {
        var registry = World.BuildRegistry(a => a.Value == "RU-MVD" ? KeyStatus.Revoked : KeyStatus.Active, TestWorld.Now.AddDays(-365), TestWorld.Now.AddDays(365));
        Expect.VerifyRejects(Sealed(TestWorld.Now, TimeSpan.FromDays(1)), RejectReason.KeyRevoked, registry);
    }

    [Test]
    public void TryVerify_SenderRetiredKeyInsideWindow_Accepts()
    {
        var registry = World.BuildRegistry(_ => KeyStatus.Retired, TestWorld.Now.AddDays(-365), TestWorld.Now.AddDays(365));
        Assert.That(Envelope.TryVerify(Sealed(TestWorld.Now, TimeSpan.FromDays(1)), registry, TestWorld.Now, out _, out var reason), Is.True, reason.ToString());
    }
}
