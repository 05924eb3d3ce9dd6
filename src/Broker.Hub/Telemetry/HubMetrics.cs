using System.Diagnostics.Metrics;

namespace Broker.Hub.Telemetry;

/// <summary>The routing core's instruments on the <c>Broker.Hub</c> meter.</summary>
public sealed class HubMetrics
{
    public const string MeterName = "Broker.Hub";

    private readonly Counter<long> _routed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _copies;
    private readonly Counter<long> _withheld;
    private readonly Histogram<double> _duration;

    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _routed = meter.CreateCounter<long>("broker.envelopes.routed", "{envelope}", "Envelopes verified and routed (delivered to zero or more recipients).");
        _rejected = meter.CreateCounter<long>("broker.envelopes.rejected", "{envelope}", "Ingress messages refused and dead-lettered, by reject code.");
        _copies = meter.CreateCounter<long>("broker.deliveries", "{message}", "Stripped copies confirmed into delivery queues.");
        _withheld = meter.CreateCounter<long>("broker.recipients.withheld", "{recipient}", "Addressed recipients not delivered to, by code.");
        _duration = meter.CreateHistogram<double>("broker.route.duration", "s", "From taking an ingress message to having every effect durable.");
    }

    public void Routed(int delivered, TimeSpan elapsed)
    {
        _routed.Add(1);
        _copies.Add(delivered);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "routed"));
    }

    public void Withheld(string code) => _withheld.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Rejected(string code, TimeSpan elapsed)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("code", code));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "rejected"));
    }
}
