using System.Text;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Testing.Policies;

/// <summary>
/// The open test policy: one signed sharing policy per country under which every agency may send everything (any category, TLP
/// up to RED, classification up to secret, no data class withheld) to everyone in ASEAN+RU, and accepts everything from them.
/// One fixed key signs every country's policy; a test registry lists it with <see cref="RegistryEntries"/>. A test that needs a
/// refusal narrows the outbound side with <see cref="Pairs"/> or <see cref="Only"/>; inbound always stays open.
/// </summary>
public static class OpenPolicies
{
    private static readonly Lazy<SigningKeyPair> SharedKey = new(() => SigningKeyPair.FromSeed(
        Enumerable.Range(0, SigningKeyPair.SeedLength).Select(j => (byte)(j == 0 ? 0xC0 : j == 1 ? 0 : j)).ToArray()));

    /// <summary>The policy key of every country (never disposed: shared by every test of the process).</summary>
    public static SigningKeyPair Key => SharedKey.Value;

    /// <summary>The registry's country entries listing <see cref="Key"/> as each country's policy key.</summary>
    public static IReadOnlyList<CountryEntry> RegistryEntries(IEnumerable<string> countries, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        countries.Distinct(StringComparer.Ordinal).Select(c => new CountryEntry(new CountryCode(c), c,
            [new RegisteredSigningKey(Key.PublicKey, notBefore, notAfter, KeyStatus.Active, null)])).ToList();

    /// <summary>
    /// A country's policy. <paramref name="sendsTo"/> null: its agencies send to everyone; otherwise only to these peers,
    /// country codes (<c>RU</c>) or agency ids (<c>RU-MVD</c>); empty: to nobody.
    /// </summary>
    public static byte[] Document(string country, long version = 1, IEnumerable<string>? sendsTo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(country);
        var peers = sendsTo?.ToList();
        var outbound = peers switch
        {
            null => Rule("out-net", "to", """{ "groups": ["ASEAN+RU"] }"""),
            [] => "",
            _ => Rule("out-listed", "to", Peers(peers)),
        };
        return Encoding.UTF8.GetBytes($$"""
            {
              "kind": "sharing-policy/v1", "country": "{{country}}", "version": {{version}}, "effective": "2026-01-01T00:00:00Z",
              "outbound": [ {{outbound}} ],
              "inbound": [ {{Rule("in-net", "from", """{ "groups": ["ASEAN+RU"] }""")}} ]
            }
            """);
    }

    public static byte[] Sign(byte[] document) => PolicySignatures.Sign(document, Key);

    /// <summary>Writes <paramref name="fileName"/> and, when <paramref name="sign"/>, its <c>.sig</c> first (a watcher then sees a complete pair).</summary>
    public static void Write(string folder, string fileName, byte[] document, bool sign = true)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (sign)
        {
            WriteSignature(folder, fileName, document);
        }

        File.WriteAllBytes(Path.Combine(folder, fileName), document);
    }

    public static void WriteSignature(string folder, string fileName, byte[] document) =>
        File.WriteAllBytes(Path.Combine(folder, fileName + PolicySignatures.FileSuffix), PolicySignatures.EncodeFile(Sign(document)));

    /// <summary>Writes <c>&lt;cc&gt;.policy.json</c> (version 1) and its signature for every country into <paramref name="folder"/>; returns the folder.</summary>
    public static string WriteFolder(string folder, IEnumerable<string> countries, Func<string, IEnumerable<string>?>? sendsTo = null)
    {
        ArgumentNullException.ThrowIfNull(countries);
        Directory.CreateDirectory(folder);
        foreach (var country in countries.Distinct(StringComparer.Ordinal))
        {
            Write(folder, $"{country.ToLowerInvariant()}.policy.json", Document(country, 1, sendsTo?.Invoke(country)));
        }

        return folder;
    }

    /// <summary>The same documents as <see cref="WriteFolder"/>, loaded into a set (for tests that evaluate without a folder).</summary>
    public static PolicySet Set(IEnumerable<string> countries, Func<string, IEnumerable<string>?>? sendsTo = null)
    {
        ArgumentNullException.ThrowIfNull(countries);
        return PolicySet.Create(countries.Distinct(StringComparer.Ordinal).Select(c =>
            PolicyParser.TryParse(c, Document(c, 1, sendsTo?.Invoke(c)), out var policy, out var result) ? policy : throw new InvalidOperationException(result.ToString())));
    }

    /// <summary>
    /// Only these agency pairs, <c>"A-&gt;B"</c> one way or <c>"A&lt;-&gt;B"</c> both ways: A's country may send to agency B, and a
    /// country no pair starts from sends nothing. (Every agency of A's country gets the pair; the test networks have one per country.)
    /// </summary>
    public static Func<string, IEnumerable<string>?> Pairs(params IEnumerable<string> pairs)
    {
        var edges = new List<(AgencyId From, AgencyId To)>();
        foreach (var pair in pairs)
        {
            var both = pair.Split("<->", StringSplitOptions.TrimEntries);
            var one = pair.Split("->", StringSplitOptions.TrimEntries);
            if (both.Length == 2)
            {
                edges.Add((AgencyId.Parse(both[0]), AgencyId.Parse(both[1])));
                edges.Add((AgencyId.Parse(both[1]), AgencyId.Parse(both[0])));
            }
            else if (one.Length == 2)
            {
                edges.Add((AgencyId.Parse(one[0]), AgencyId.Parse(one[1])));
            }
            else
            {
                throw new ArgumentException($"'{pair}' is neither 'A->B' nor 'A<->B'.", nameof(pairs));
            }
        }

        return country => edges.Where(e => e.From.Country.Value == country).Select(e => e.To.Value).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary><paramref name="country"/> sends only to <paramref name="peers"/> (country codes or agency ids); every other country stays open.</summary>
    public static Func<string, IEnumerable<string>?> Only(string country, params IEnumerable<string> peers)
    {
        var list = peers.ToList();
        return c => c == country ? list : null;
    }

    private static string Rule(string id, string peerSide, string peer) =>
        $$"""{ "id": "{{id}}", "effect": "allow", "{{peerSide}}": {{peer}}, "categories": ["*"], "maxTlp": "RED", "maxClassification": "secret" }""";

    private static string Peers(IReadOnlyList<string> peers)
    {
        var countries = peers.Where(p => p.Length == 2).Select(p => $"\"{p}\"");
        var agencies = peers.Where(p => p.Length != 2).Select(p => $"\"{p}\"");
        var members = new List<string>();
        if (countries.Any())
        {
            members.Add($"\"countries\": [{string.Join(", ", countries)}]");
        }

        if (agencies.Any())
        {
            members.Add($"\"agencies\": [{string.Join(", ", agencies)}]");
        }

        return "{ " + string.Join(", ", members) + " }";
    }
}
