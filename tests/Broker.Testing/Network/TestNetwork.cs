using System.Collections.Concurrent;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;
using Broker.Testing.Trust;

namespace Broker.Testing.Network;

/// <summary>
/// The one test network: agencies with keys from fixed seeds (the same agency has the same keys in every test project), an anchor
/// that signs the trust registry, a hub key, each country's policy key, and the registry listing them, valid around
/// <see cref="Now"/>. Keys are cached for the process and never disposed (key generation is the slow part of most fixtures).
/// What differs between test projects is a <see cref="NetworkOptions"/>; a test that needs an odd registry builds one with
/// <see cref="RegistryBuilder"/>.
/// </summary>
public sealed class TestNetwork : IDisposable
{
    /// <summary>Every agency a test may name, in seed order: agency i has signing seed (0x51, i) and encryption seed (0xE1, i).</summary>
    public static readonly IReadOnlyList<string> AllAgencies =
    [
        "TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN", "PH-PDEA", "KH-NACD", "LA-LCDC", "MM-CCDAC", "BN-NCB",
        "TH-RTP", "RU-FSB", "MY-NADA", "SG-SPF", "VN-MPS", "ID-POLRI", "PH-PNP", "KH-NP", "LA-MPS", "MM-MPF", "BN-RBPF",
    ];

    /// <summary>The six agencies of the demo (deploy/demo/agencies.json).</summary>
    public static readonly IReadOnlyList<string> DemoAgencies = [.. AllAgencies.Take(6)];

    private static readonly ConcurrentDictionary<string, AgencyKeys> AgencyKeyCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(byte Tag, int Index), SigningKeyPair> SigningKeyCache = new();

    private readonly NetworkOptions _options;

    public TestNetwork(NetworkOptions? options = null)
    {
        _options = options ?? new NetworkOptions();
        Now = _options.Now ?? TimeProvider.System.GetUtcNow();
        Agencies = [.. _options.Agencies];
        Countries = [.. Agencies.Select(a => a[..2]).Distinct(StringComparer.Ordinal)];
        Keys = Agencies.ToDictionary(a => a, a => _options.OwnKeys ? NewKeys(a) : FixedKeys(a), StringComparer.Ordinal);
        PolicyKeys = Countries.ToDictionary(
            c => c, c => _options.PolicyKeyPerCountry ? FixedKey(0xC1, CountryIndex(c)) : OpenPolicies.Key, StringComparer.Ordinal);
        var suspended = _options.Suspended.ToHashSet(StringComparer.Ordinal);
        var builder = RegistryBuilder()
            .Version(_options.RegistryVersion)
            .IssuedAt(Now - _options.IssuedBefore)
            .Agencies(Keys.Values, a => suspended.Contains(a.Value) ? AgencyStatus.Suspended : AgencyStatus.Active)
            .Hub(HubKey.PublicKey, _options.HubId);
        foreach (var (country, key) in PolicyKeys)
        {
            builder.Country(country, key.PublicKey);
        }

        SignedRegistry = builder.Sign(Anchor);
        Registry = TestRegistry.Load(SignedRegistry, Anchor);
    }

    /// <summary>The time the registry is valid around (the system clock when the network was built, unless the options fix it).</summary>
    public DateTimeOffset Now { get; }

    public IReadOnlyList<string> Agencies { get; }

    /// <summary>The countries of <see cref="Agencies"/>, each with its policy key in the registry.</summary>
    public IReadOnlyList<string> Countries { get; }

    public SigningKeyPair Anchor { get; } = FixedKey(0xA0);

    public SigningKeyPair HubKey { get; } = FixedKey(0xB0);

    /// <summary>The seed of <see cref="HubKey"/>, as a hub's key file holds it.</summary>
    public static byte[] HubSeed => Seed(0xB0, 0);

    public IReadOnlyDictionary<string, AgencyKeys> Keys { get; }

    /// <summary>Each country's policy key: the open test policy's key for all (the default) or one key per country.</summary>
    public IReadOnlyDictionary<string, SigningKeyPair> PolicyKeys { get; }

    public byte[] SignedRegistry { get; }

    public TrustRegistry Registry { get; }

    public AgencyKeys this[string agency] => Keys[agency];

    /// <summary>32 seed bytes: <paramref name="tag"/>, <paramref name="index"/>, then 2..31.</summary>
    public static byte[] Seed(byte tag, int index) => Enumerable.Range(0, 32).Select(j => (byte)(j == 0 ? tag : j == 1 ? index : j)).ToArray();

    /// <summary>An agency's keys from its fixed seeds (shared by the whole process: never dispose them).</summary>
    public static AgencyKeys FixedKeys(string agency) => AgencyKeyCache.GetOrAdd(agency, NewKeys);

    /// <summary>A new key object for <paramref name="agency"/> from its fixed seeds (the caller owns it; the keys are those of <see cref="FixedKeys"/>).</summary>
    public static AgencyKeys NewKeys(string agency)
    {
        var i = AllAgencies.ToList().IndexOf(agency);
        return i < 0
            ? throw new ArgumentException($"{agency} is not one of TestNetwork.AllAgencies.", nameof(agency))
            : new AgencyKeys(AgencyId.Parse(agency), SigningKeyPair.FromSeed(Seed(0x51, i)), EncryptionKeyPair.FromSeed(Seed(0xE1, i)));
    }

    /// <summary>Disposes the agency keys when the options made this network own them (<see cref="NetworkOptions.OwnKeys"/>); shared keys stay.</summary>
    public void Dispose()
    {
        if (_options.OwnKeys)
        {
            foreach (var keys in Keys.Values)
            {
                keys.Dispose();
            }
        }
    }

    /// <summary>A signing key from seed (<paramref name="tag"/>, <paramref name="index"/>), shared by the process: never dispose it.</summary>
    public static SigningKeyPair FixedKey(byte tag, int index = 0) => SigningKeyCache.GetOrAdd((tag, index), k => SigningKeyPair.FromSeed(Seed(k.Tag, k.Index)));

    /// <summary>A registry builder over this network's validity window, for tests that need a registry of their own.</summary>
    public TestRegistry RegistryBuilder() => new(Now - _options.ValidBefore, Now + _options.ValidAfter);

    /// <summary>
    /// An alert from <paramref name="sender"/> sealed to <paramref name="recipients"/> (view 0 for each), created at
    /// <paramref name="created"/> (default <see cref="Now"/>, or the system clock for a network that follows it) and valid
    /// <paramref name="lifetime"/> (default <see cref="NetworkOptions.SealLifetime"/>).
    /// </summary>
    public byte[] Seal(string sender, IEnumerable<string> recipients, EnvelopeId? id = null, AgencyKeys? signWith = null,
        DateTimeOffset? created = null, TimeSpan? lifetime = null, int plaintextBytes = 64)
    {
        var at = created ?? (_options.Now is null ? TimeProvider.System.GetUtcNow() : Now);
        return Envelope.Seal(new SealRequest
        {
            Id = id ?? EnvelopeId.New(),
            Created = at,
            Expires = at + (lifetime ?? _options.SealLifetime),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([], new byte[plaintextBytes])],
            Recipients = recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, this[r].Encryption.PublicKey)).ToList(),
        }, signWith ?? this[sender]);
    }

    /// <summary>
    /// Writes the files an operator deploys: the signed registry, the anchor's public key and the hub's seed (base64), and, when
    /// <paramref name="passphrase"/> is given, each agency's passphrase-protected key file (<c>&lt;ID&gt;.keys</c>).
    /// </summary>
    public NetworkFiles WriteFiles(string directory, Func<string, string>? passphrase = null)
    {
        Directory.CreateDirectory(directory);
        var files = new NetworkFiles(directory);
        File.WriteAllBytes(files.RegistryPath, SignedRegistry);
        File.WriteAllText(files.AnchorPath, Convert.ToBase64String([.. Anchor.PublicKey.Ed25519, .. Anchor.PublicKey.MlDsa65]));
        File.WriteAllText(files.HubKeyPath, Convert.ToBase64String(HubSeed));
        if (passphrase is not null)
        {
            foreach (var (agency, keys) in Keys)
            {
                File.WriteAllBytes(files.KeyFilePath(agency), keys.ExportProtected(passphrase(agency)));
            }
        }

        return files;
    }

    private static int CountryIndex(string country)
    {
        var countries = AllAgencies.Select(a => a[..2]).Distinct(StringComparer.Ordinal).ToList();
        return countries.IndexOf(country) is >= 0 and var i ? i : throw new ArgumentException($"No test agency in {country}.", nameof(country));
    }
}

/// <summary>How a <see cref="TestNetwork"/> differs from the default: the six demo agencies, valid a year either side of now.</summary>
public sealed record NetworkOptions
{
    public IReadOnlyList<string> Agencies { get; init; } = TestNetwork.DemoAgencies;

    /// <summary>A fixed time the registry is valid around; null: the system clock when the network is built.</summary>
    public DateTimeOffset? Now { get; init; }

    public TimeSpan ValidBefore { get; init; } = TimeSpan.FromDays(365);

    public TimeSpan ValidAfter { get; init; } = TimeSpan.FromDays(365);

    public long RegistryVersion { get; init; } = 1;

    /// <summary>How long before <see cref="TestNetwork.Now"/> the registry was issued.</summary>
    public TimeSpan IssuedBefore { get; init; } = TimeSpan.FromDays(1);

    public string HubId { get; init; } = "hub";

    /// <summary>Agencies listed as suspended.</summary>
    public IReadOnlyCollection<string> Suspended { get; init; } = [];

    /// <summary>False (the default): every country lists <see cref="OpenPolicies.Key"/>; true: each country has a key of its own.</summary>
    public bool PolicyKeyPerCountry { get; init; }

    /// <summary>
    /// False (the default): the agency keys are the process-wide <see cref="TestNetwork.FixedKeys"/>, never disposed. True: this
    /// network has key objects of its own (same seeds), which <see cref="TestNetwork.Dispose"/> disposes: for code under test
    /// that disposes the keys it is given.
    /// </summary>
    public bool OwnKeys { get; init; }

    /// <summary>How long a sealed test alert stays valid.</summary>
    public TimeSpan SealLifetime { get; init; } = TimeSpan.FromDays(2);
}

/// <summary>Where <see cref="TestNetwork.WriteFiles"/> put each file.</summary>
public sealed record NetworkFiles(string Directory)
{
    public string RegistryPath => Path.Combine(Directory, "registry.cbor");

    public string AnchorPath => Path.Combine(Directory, "registry-anchor.pub");

    public string HubKeyPath => Path.Combine(Directory, "hub-signing.seed");

    public string KeyFilePath(string agency) => Path.Combine(Directory, $"{agency}.keys");
}
