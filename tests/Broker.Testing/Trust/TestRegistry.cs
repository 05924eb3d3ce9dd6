using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;

namespace Broker.Testing.Trust;

/// <summary>
/// Builds a trust registry for a test: agencies, country policy keys and the hub key, every key valid over one window unless a
/// call says otherwise. The one way tests write a <see cref="TrustRegistryDocument"/>, so a change to the registry format has
/// one place to follow in the tests.
/// </summary>
public sealed class TestRegistry(DateTimeOffset notBefore, DateTimeOffset notAfter)
{
    private readonly List<AgencyEntry> _agencies = [];
    private readonly List<CountryEntry> _countries = [];
    private HubEntry _hub = new("hub", []);
    private long _version = 1;
    private DateTimeOffset _issuedAt = notBefore;

    public DateTimeOffset NotBefore { get; } = notBefore;

    public DateTimeOffset NotAfter { get; } = notAfter;

    public TestRegistry Version(long version)
    {
        _version = version;
        return this;
    }

    public TestRegistry IssuedAt(DateTimeOffset issuedAt)
    {
        _issuedAt = issuedAt;
        return this;
    }

    /// <summary>One agency's signing and encryption keys, both with <paramref name="keyStatus"/> (revoked at <paramref name="revokedAt"/>).</summary>
    public TestRegistry Agency(
        AgencyKeys keys, AgencyStatus status = AgencyStatus.Active, KeyStatus keyStatus = KeyStatus.Active, DateTimeOffset? revokedAt = null,
        string? name = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _agencies.Add(new AgencyEntry(keys.Agency, name ?? keys.Agency.Value, AuthorityType.Police, status,
            [new RegisteredSigningKey(keys.Signing.PublicKey, NotBefore, NotAfter, keyStatus, revokedAt)],
            [new RegisteredEncryptionKey(keys.Encryption.PublicKey, NotBefore, NotAfter, keyStatus, revokedAt)]));
        return this;
    }

    public TestRegistry Agencies(IEnumerable<AgencyKeys> keys, Func<AgencyId, AgencyStatus>? status = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var k in keys)
        {
            Agency(k, status?.Invoke(k.Agency) ?? AgencyStatus.Active);
        }

        return this;
    }

    /// <summary>A country whose policies <paramref name="policyKeys"/> sign (entries built with <see cref="Key"/> for other windows or statuses).</summary>
    public TestRegistry Country(string country, string name, params IEnumerable<RegisteredSigningKey> policyKeys)
    {
        _countries.Add(new CountryEntry(new CountryCode(country), name, [.. policyKeys]));
        return this;
    }

    public TestRegistry Country(string country, SigningPublicKey policyKey) => Country(country, country, Key(policyKey));

    /// <summary>These countries, each listing the open test policy's key (<see cref="OpenPolicies.Key"/>).</summary>
    public TestRegistry OpenPolicyCountries(IEnumerable<string> countries)
    {
        _countries.AddRange(OpenPolicies.RegistryEntries(countries, NotBefore, NotAfter));
        return this;
    }

    public TestRegistry Hub(SigningPublicKey? key, string id = "hub")
    {
        _hub = new HubEntry(id, key is null ? [] : [Key(key)]);
        return this;
    }

    /// <summary>A signing key entry over this registry's window (or the one given).</summary>
    public RegisteredSigningKey Key(
        SigningPublicKey key, KeyStatus status = KeyStatus.Active, DateTimeOffset? revokedAt = null, DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null) =>
        new(key, notBefore ?? NotBefore, notAfter ?? NotAfter, status, revokedAt);

    public TrustRegistryDocument Document() => new()
    {
        Version = _version,
        IssuedAt = _issuedAt,
        Agencies = [.. _agencies],
        Countries = [.. _countries],
        Hub = _hub,
    };

    public byte[] Sign(SigningKeyPair anchor) => TrustRegistry.SignDocument(Document(), anchor);

    /// <summary>Signs with <paramref name="anchor"/> and loads it back as a relying party would; fails the test if it does not load.</summary>
    public TrustRegistry Load(SigningKeyPair anchor) => Load(Sign(anchor), anchor);

    public static TrustRegistry Load(byte[] signedRegistry, SigningKeyPair anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return TrustRegistry.TryLoad(signedRegistry, anchor.PublicKey, out var registry, out var reason)
            ? registry
            : throw new InvalidOperationException($"The test registry did not load: {reason}.");
    }
}
