using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>Readiness fails when gateway.outbound does not move (protocols/amqp.md §2.7), and only then.</summary>
public class OutboundProgressTests
{
    private FakeTimeProvider _time = null!;
    private OutboundProgress _progress = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Samples.Now);
        _progress = new OutboundProgress(Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = "TH-ONCB", OutboundStallSeconds = 60 }), _time);
    }

    [Test]
    public void Check_Idle_Healthy() => Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Healthy));

    [Test]
    public void Check_OneMessageInItsHandlerLongerThanTheStallTime_Unhealthy()
    {
        var token = _progress.Begin();
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Healthy));
        _time.Advance(TimeSpan.FromSeconds(2));
        var stuck = _progress.Check();
        Assert.That(stuck.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(stuck.Description, Does.Contain("gateway.outbound does not move"));
        _progress.End(token, handled: true);
        Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public void Check_OnlyFailuresForLongerThanTheStallTime_UnhealthyUntilOneSucceeds()
    {
        _progress.End(_progress.Begin(), handled: false);
        _time.Advance(TimeSpan.FromSeconds(30));
        _progress.End(_progress.Begin(), handled: false);
        Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Healthy), "retrying, not yet stalled");
        _time.Advance(TimeSpan.FromSeconds(31));
        _progress.End(_progress.Begin(), handled: false);
        Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Unhealthy));
        _progress.End(_progress.Begin(), handled: true);
        Assert.That(_progress.Check().Status, Is.EqualTo(HealthStatus.Healthy));
    }
}
