using Broker.Hosting.TrustState;
using Broker.Policy.Loading;
using Broker.Policy.Store;

namespace Broker.Hosting.Policies;

public sealed partial class PolicyFolder
{
    /// <summary>Country → the highest version kept in the trust state, and the (country, version, digest) of every kept document.</summary>
    private readonly Dictionary<string, long> _floor = new(StringComparer.Ordinal);
    private readonly HashSet<(string Country, long Version, string Digest)> _kept = [];

    /// <summary>
    /// Once, before any file: offers every kept version, in version order, so the store holds what it held before the restart and
    /// refuses an older file as a running host does (<see cref="PolicyUpdateStatus.NotNewer"/>).
    /// </summary>
    private List<PolicyUpdateResult> RestoreKept()
    {
        var results = new List<PolicyUpdateResult>();
        if (_restored || _state is null)
        {
            _restored = true;
            return results;
        }

        foreach (var kept in _state.Load().OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.Version))
        {
            _floor[kept.Key] = Math.Max(_floor.GetValueOrDefault(kept.Key), kept.Version);
            _kept.Add((kept.Key, kept.Version, kept.Digest));
            var source = $"{Path.GetFileName(_state.Path)}:{kept.Key}/v{kept.Version}";
            var result = _store.TryUpdate(source, kept.Document, kept.Signature, _time.GetUtcNow());
            results.Add(result);
            if (result.Status == PolicyUpdateStatus.Accepted && result.Policy is { } accepted)
            {
                _unannounced.Add(new AcceptedPolicy(accepted, _state.Path, kept.Document, kept.Signature));
                _logger.PolicyAccepted(source, accepted.Country.Value, accepted.Version, accepted.Digest);
            }
            else if (!result.IsAccepted)
            {
                // Still a floor: a file of this version or older is refused below, whatever this copy's fate.
                _logger.PolicyRefused(source, result.Status.ToString(), result.Error ?? "refused");
            }
        }

        _restored = true;
        return results;
    }

    /// <summary>
    /// A file whose version is not above the highest kept for its country is refused unless it is one of the kept documents: the store
    /// would refuse it anyway once the kept versions are loaded; this also holds when a kept copy no longer loads.
    /// </summary>
    private PolicyUpdateResult? RefuseRolledBack(string source, byte[] document)
    {
        if (_floor.Count == 0 || !PolicyParser.TryParse(source, document, out var policy, out _))
        {
            return null;
        }

        var country = policy.Country.Value;
        if (!_floor.TryGetValue(country, out var floor) || policy.Version > floor
            || _kept.Contains((country, policy.Version, new AcceptedDocument(country, policy.Version, document, []).Digest)))
        {
            return null;
        }

        return new PolicyUpdateResult(PolicyUpdateStatus.NotNewer, source,
            $"{country} policy version {policy.Version} is not newer than version {floor} accepted before a restart (trust state)", policy.Ref);
    }

    /// <summary>Keeps every version accepted from a file in the trust state before it is announced or in force; a failure throws and is retried next scan.</summary>
    private void KeepAccepted()
    {
        while (_unkept.Count > 0)
        {
            var accepted = _unkept[0];
            if (_state is not null)
            {
                var document = new AcceptedDocument(accepted.Policy.Country.Value, accepted.Policy.Version, accepted.Document, accepted.Signature);
                _state.Add(document);
                _floor[document.Key] = Math.Max(_floor.GetValueOrDefault(document.Key), document.Version);
                _kept.Add((document.Key, document.Version, document.Digest));
            }

            _unkept.RemoveAt(0);
        }
    }
}
