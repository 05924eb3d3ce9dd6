using Broker.Protocol.AuditEntries;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Verification;

/// <summary>Counts for the summary table and the report's charts, gathered from decoded entries; no content is kept.</summary>
public sealed class AuditStatistics
{
    private readonly Dictionary<AuditEntryKind, long> _kinds = [];
    private readonly Dictionary<(string Origin, string Destination), long> _pairs = [];
    private readonly Dictionary<Category, long> _categories = [];
    private readonly Dictionary<(string Origin, string Destination, Category Category), long> _pairCategories = [];
    private readonly Dictionary<string, long> _denials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _refusals = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<AuditEntryKind, long> EntriesByKind => _kinds;

    /// <summary>Allowed deliveries by origin country → destination country.</summary>
    public IReadOnlyDictionary<(string Origin, string Destination), long> VolumeByCountryPair => _pairs;

    /// <summary>Allowed deliveries by origin country → destination country and category.</summary>
    public IReadOnlyDictionary<(string Origin, string Destination, Category Category), long> VolumeByCountryPairAndCategory => _pairCategories;

    /// <summary>Envelopes received by category.</summary>
    public IReadOnlyDictionary<Category, long> VolumeByCategory => _categories;

    /// <summary>Denials by deciding rule (or reason, for the default deny).</summary>
    public IReadOnlyDictionary<string, long> DenialsByRule => _denials;

    /// <summary>Ingress messages the hub refused, by reject code (spoofing, replay, malformed input).</summary>
    public IReadOnlyDictionary<string, long> RefusalsByCode => _refusals;

    public void Observe(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _kinds[entry.Record.Kind] = _kinds.GetValueOrDefault(entry.Record.Kind) + 1;
        switch (entry.Record)
        {
            case EnvelopeReceived received:
                _categories[received.Category] = _categories.GetValueOrDefault(received.Category) + 1;
                break;
            case DecisionRecorded { Outcome: RecordedOutcome.Allow } allow:
                var pair = (allow.Origin.Country.Value, allow.Recipient.Country.Value);
                _pairs[pair] = _pairs.GetValueOrDefault(pair) + 1;
                var pairCategory = (pair.Item1, pair.Item2, allow.Category);
                _pairCategories[pairCategory] = _pairCategories.GetValueOrDefault(pairCategory) + 1;
                break;
            case DecisionRecorded deny:
                var key = deny.Rule.Length > 0 ? deny.Rule : "default deny: " + deny.Reason;
                _denials[key] = _denials.GetValueOrDefault(key) + 1;
                break;
            case IngressRefused refused:
                _refusals[refused.Code] = _refusals.GetValueOrDefault(refused.Code) + 1;
                break;
            default:
                break;
        }
    }
}
