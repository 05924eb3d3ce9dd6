using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Registry;

/// <summary>Lifecycle of a registered key. Active keys are used and accepted; Retired keys are accepted for verification inside their validity window but not chosen for new envelopes; Revoked keys are refused whatever the time.</summary>
public enum KeyStatus
{
    Active = 0,
    Retired = 1,
    Revoked = 2,
}

/// <summary>Whether an agency may currently send or receive; a suspended agency's envelopes are refused.</summary>
public enum AgencyStatus
{
    Active = 0,
    Suspended = 1,
}

/// <summary>A signing key with its validity window [NotBefore, NotAfter] and status; RevokedAt is set exactly when Status is Revoked.</summary>
public sealed record RegisteredSigningKey(SigningPublicKey Key, DateTimeOffset NotBefore, DateTimeOffset NotAfter, KeyStatus Status, DateTimeOffset? RevokedAt);

/// <summary>An encryption key with its validity window [NotBefore, NotAfter] and status; RevokedAt is set exactly when Status is Revoked.</summary>
public sealed record RegisteredEncryptionKey(EncryptionPublicKey Key, DateTimeOffset NotBefore, DateTimeOffset NotAfter, KeyStatus Status, DateTimeOffset? RevokedAt);

/// <summary>A member agency: its id (which carries its country), name, kind of authority, status and keys.</summary>
public sealed record AgencyEntry(AgencyId Id, string Name, AuthorityType Authority, AgencyStatus Status, IReadOnlyList<RegisteredSigningKey> SigningKeys, IReadOnlyList<RegisteredEncryptionKey> EncryptionKeys)
{
    public CountryCode Country => Id.Country;
}

/// <summary>A member country and the keys that sign its sharing policy.</summary>
public sealed record CountryEntry(CountryCode Country, string Name, IReadOnlyList<RegisteredSigningKey> PolicyKeys);

/// <summary>The hub: the keys that sign routing receipts and audit tree heads.</summary>
public sealed record HubEntry(string Id, IReadOnlyList<RegisteredSigningKey> SigningKeys);

/// <summary>
/// The content of a trust registry before it is signed. <see cref="TrustRegistry.SignDocument(TrustRegistryDocument, Keys.SigningKeyPair)"/> encodes it canonically
/// (agencies and countries sorted by id) and signs it with the registry key; versions only ever increase.
/// </summary>
public sealed record TrustRegistryDocument
{
    public required long Version { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required IReadOnlyList<AgencyEntry> Agencies { get; init; }

    public IReadOnlyList<CountryEntry> Countries { get; init; } = [];

    public required HubEntry Hub { get; init; }
}
