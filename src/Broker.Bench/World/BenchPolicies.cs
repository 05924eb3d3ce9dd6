using System.Text;
using Broker.Policy.Signing;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.World;

/// <summary>
/// Benchmarks measure the path, not the rules: each country gets a signed policy that lets every agency of the region share
/// every category with every other, so the hub and gateways evaluate real signed policies that never withhold.
/// </summary>
internal sealed class OpenPolicies : IDisposable
{
    private readonly Dictionary<string, SigningKeyPair> _keys;

    public OpenPolicies(IEnumerable<string> agencies)
    {
        _keys = agencies.Select(a => a[..2]).Distinct().ToDictionary(c => c, _ => SigningKeyPair.Generate(), StringComparer.Ordinal);
    }

    /// <summary>The registry's country entries: each country's policy-signing key.</summary>
    public List<CountryEntry> Countries(DateTimeOffset now) =>
        [.. _keys.Select(p => new CountryEntry(new CountryCode(p.Key), p.Key,
            [new RegisteredSigningKey(p.Value.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)]))];

    /// <summary>Writes <c>cc.policy.json</c> and its detached signature for every country into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (country, key) in _keys)
        {
            var document = $$"""
                {"kind":"sharing-policy/v1","country":"{{country}}","version":1,"effective":"2026-01-01T00:00:00Z",
                 "outbound":[{"id":"out-all","effect":"allow","to":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}],
                 "inbound":[{"id":"in-all","effect":"allow","from":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}]}
                """;
            var bytes = Encoding.UTF8.GetBytes(document);
            var path = Path.Combine(directory, $"{country.ToLowerInvariant()}.policy.json");
            File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(bytes, key)));
            File.WriteAllBytes(path, bytes);
        }
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
