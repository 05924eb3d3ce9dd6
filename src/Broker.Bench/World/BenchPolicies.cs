using System.Globalization;
using System.Text;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.World;

/// <summary>
/// Benchmarks measure the path, not the rules: each country of the given agencies gets a signed policy, with its own key, that
/// lets every agency of the region share every category with every other unless the benchmark gives that country its own
/// outbound rule. The hub, the gateways and replay then evaluate real signed policies.
/// </summary>
internal sealed class BenchPolicies : IDisposable
{
    private const string OpenOutbound = """{"id":"out-all","effect":"allow","to":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
    private const string OpenInbound = """{"id":"in-all","effect":"allow","from":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
    private readonly Dictionary<string, (SigningKeyPair Key, byte[] Document, byte[] Signature)> _countries = new(StringComparer.Ordinal);

    /// <param name="agencies">Agency ids; their countries get a policy each.</param>
    /// <param name="effective">When the policies come into force.</param>
    /// <param name="outbound">A country's own outbound rule (JSON), or null for the open one.</param>
    public BenchPolicies(IEnumerable<string> agencies, DateTimeOffset effective, Func<string, string?>? outbound = null)
    {
        var since = effective.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var country in agencies.Select(a => a[..2]).Distinct(StringComparer.Ordinal))
        {
            var key = SigningKeyPair.Generate();
            var document = Encoding.UTF8.GetBytes($$"""
                {"kind":"sharing-policy/v1","country":"{{country}}","version":1,"effective":"{{since}}",
                 "outbound":[{{outbound?.Invoke(country) ?? OpenOutbound}}],"inbound":[{{OpenInbound}}]}
                """);
            _countries[country] = (key, document, PolicySignatures.Sign(document, key));
        }
    }

    /// <summary>The registry's country entries: each country's policy-signing key, valid from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public List<CountryEntry> Countries(DateTimeOffset from, DateTimeOffset to) =>
        [.. _countries.Select(c => new CountryEntry(new CountryCode(c.Key), c.Key,
            [new RegisteredSigningKey(c.Value.Key.PublicKey, from, to, KeyStatus.Active, null)]))];

    /// <summary>Each country's policy document and its detached signature, as an operator publishes them.</summary>
    public IEnumerable<(CountryCode Country, byte[] Document, byte[] Signature)> Signed =>
        _countries.Select(c => (new CountryCode(c.Key), c.Value.Document, c.Value.Signature));

    /// <summary>The policies parsed into a set, for a benchmark that evaluates them in memory.</summary>
    public PolicySet Parse()
    {
        var set = PolicySet.Empty;
        foreach (var (country, document, _) in Signed)
        {
            if (!PolicyParser.TryParse("bench", document, out var policy, out var result, country))
            {
                throw new InvalidOperationException($"The benchmark policy of {country} is invalid: {result}");
            }

            set = set.TryAdd(policy, out var next, out var error) ? next : throw new InvalidOperationException(error);
        }

        return set;
    }

    /// <summary>Writes <c>cc.policy.json</c> and its detached signature for every country into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (country, document, signature) in Signed)
        {
            var path = Path.Combine(directory, $"{country.Value.ToLowerInvariant()}.policy.json");
            File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(signature));
            File.WriteAllBytes(path, document);
        }
    }

    public void Dispose()
    {
        foreach (var (key, _, _) in _countries.Values)
        {
            key.Dispose();
        }
    }
}
