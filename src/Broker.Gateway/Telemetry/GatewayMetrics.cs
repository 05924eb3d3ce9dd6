using System.Diagnostics.Metrics;

namespace Broker.Gateway.Telemetry;

/// <summary>The gateway's meter <c>Broker.Gateway</c>: counts of alerts and envelopes through each outcome.</summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Broker.Gateway";

    private readonly Meter _meter;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        AlertsAccepted = _meter.CreateCounter<long>("broker.gateway.alerts.accepted", "{alert}");
        AlertsRejected = _meter.CreateCounter<long>("broker.gateway.alerts.rejected", "{alert}");
        EnvelopesSent = _meter.CreateCounter<long>("broker.gateway.envelopes.sent", "{envelope}");
        SendFailures = _meter.CreateCounter<long>("broker.gateway.envelopes.send_failures", "{attempt}");
        EnvelopesDelivered = _meter.CreateCounter<long>("broker.gateway.envelopes.delivered", "{envelope}");
        EnvelopesDuplicate = _meter.CreateCounter<long>("broker.gateway.envelopes.duplicates", "{envelope}");
        EnvelopesRefused = _meter.CreateCounter<long>("broker.gateway.envelopes.refused", "{envelope}");
        PolicyViolations = _meter.CreateCounter<long>("broker.gateway.policy.violations", "{envelope}");
        SealDuration = _meter.CreateHistogram<double>("broker.gateway.seal.duration", "s");
        OutboxWait = _meter.CreateHistogram<double>(
            "broker.gateway.outbox.wait", "s", "Time an outbox entry waited, from being stored to an attempt to seal it");
    }

    public Counter<long> AlertsAccepted { get; }
    public Counter<long> AlertsRejected { get; }
    public Counter<long> EnvelopesSent { get; }
    public Counter<long> SendFailures { get; }
    public Counter<long> EnvelopesDelivered { get; }
    public Counter<long> EnvelopesDuplicate { get; }
    public Counter<long> EnvelopesRefused { get; }
    public Counter<long> PolicyViolations { get; }
    public Histogram<double> SealDuration { get; }
    public Histogram<double> OutboxWait { get; }

    public void Dispose() => _meter.Dispose();
}
