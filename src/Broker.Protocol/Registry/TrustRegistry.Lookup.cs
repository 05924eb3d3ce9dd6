using System.Diagnostics.CodeAnalysis;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Registry;

public sealed partial class TrustRegistry
{
    public bool TryFindAgency(AgencyId id, [NotNullWhen(true)] out AgencyEntry? entry)
    {
        entry = Agencies.FirstOrDefault(a => a.Id == id);
        return entry is not null;
    }

    /// <summary>The agency's signing key with that id, if it is registered, not revoked and valid at <paramref name="at"/>.</summary>
    public bool TryGetSigningKey(AgencyId id, KeyId keyId, DateTimeOffset at, [NotNullWhen(true)] out SigningPublicKey? key, out RejectReason reason)
    {
        key = null;
        reason = FindActiveAgency(id, out var agency);
        if (reason != RejectReason.None)
        {
            return false;
        }

        var registered = agency!.SigningKeys.FirstOrDefault(k => k.Key.Id == keyId);
        reason = registered is null ? RejectReason.UnknownKey : Validity(registered.Status, registered.NotBefore, registered.NotAfter, at);
        key = reason == RejectReason.None ? registered!.Key : null;
        return key is not null;
    }

    /// <summary>The agency's current encryption key: Active, valid at <paramref name="at"/>, the latest NotBefore first.</summary>
    public bool TryGetEncryptionKey(AgencyId id, DateTimeOffset at, [NotNullWhen(true)] out EncryptionPublicKey? key, out RejectReason reason)
    {
        key = null;
        reason = FindActiveAgency(id, out var agency);
        if (reason != RejectReason.None)
        {
            return false;
        }

        key = agency!.EncryptionKeys
            .Where(k => k.Status == KeyStatus.Active && Validity(k.Status, k.NotBefore, k.NotAfter, at) == RejectReason.None)
            .OrderByDescending(k => k.NotBefore)
            .Select(k => k.Key)
            .FirstOrDefault();
        reason = key is null ? RejectReason.UnknownKey : RejectReason.None;
        return key is not null;
    }

    /// <summary>Checks that an envelope may be wrapped to this agency key at <paramref name="at"/> (registered, not revoked, in its window).</summary>
    internal RejectReason CheckEncryptionKey(AgencyId id, KeyId keyId, DateTimeOffset at)
    {
        var reason = FindActiveAgency(id, out var agency);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        var registered = agency!.EncryptionKeys.FirstOrDefault(k => k.Key.Id == keyId);
        return registered is null ? RejectReason.UnknownKey : Validity(registered.Status, registered.NotBefore, registered.NotAfter, at);
    }

    private RejectReason FindActiveAgency(AgencyId id, out AgencyEntry? agency)
    {
        if (!TryFindAgency(id, out agency))
        {
            return RejectReason.UnknownAgency;
        }

        return agency.Status == AgencyStatus.Active ? RejectReason.None : RejectReason.AgencySuspended;
    }

    private static RejectReason Validity(KeyStatus status, DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset at)
    {
        if (status == KeyStatus.Revoked)
        {
            return RejectReason.KeyRevoked;
        }

        if (at < notBefore)
        {
            return RejectReason.KeyNotYetValid;
        }

        return at > notAfter ? RejectReason.KeyExpired : RejectReason.None;
    }
}
