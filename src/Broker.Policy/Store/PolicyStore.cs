using System.Diagnostics.CodeAnalysis;
using Broker.Policy.Loading;
using Broker.Policy.Model;

namespace Broker.Policy.Store;

/// <summary>Why a policy update was not taken. Numeric values are stable (logged and audited).</summary>
public enum PolicyUpdateStatus
{
    Accepted = 0,
    AlreadyLoaded = 1,
    Invalid = 2,
    SignatureMissing = 3,
    SignatureInvalid = 4,
    NotNewer = 5,
}

/// <summary>The outcome of offering one signed policy document to a <see cref="PolicyStore"/>.</summary>
public sealed record PolicyUpdateResult(PolicyUpdateStatus Status, string Source, string? Error = null, PolicyVersionRef? Policy = null)
{
    public bool IsAccepted => Status is PolicyUpdateStatus.Accepted or PolicyUpdateStatus.AlreadyLoaded;

    public override string ToString() => IsAccepted ? $"{Source}: {Status} {Policy}" : $"{Source}: {Status}: {Error}";
}

/// <summary>
/// The policies in force in a running host, replaceable without a restart. An update is parsed, validated and its detached
/// signature verified against the country's policy key before an atomic swap; anything invalid or unsigned is refused with a
/// reason and the last good set stays in force. Readers take <see cref="Current"/> once per alert and evaluate against that snapshot.
/// </summary>
public sealed class PolicyStore
{
    private readonly IPolicySignatureVerifier _verifier;
    private readonly Lock _writeLock = new();
    private PolicySet _current;

    public PolicyStore(IPolicySignatureVerifier verifier, PolicySet? initial = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _current = initial ?? PolicySet.Empty;
    }

    public PolicySet Current => Volatile.Read(ref _current);

    /// <summary>Offers one signed policy. <paramref name="at"/> is the time the signing key must be valid at (normally now).</summary>
    public PolicyUpdateResult TryUpdate(string source, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!PolicyParser.TryParse(source, document, out var policy, out var validation))
        {
            return new PolicyUpdateResult(PolicyUpdateStatus.Invalid, source, validation.Error);
        }

        if (signature.IsEmpty)
        {
            return new PolicyUpdateResult(PolicyUpdateStatus.SignatureMissing, source, $"no signature for the {policy.Country} policy; expected a detached .sig file", policy.Ref);
        }

        if (!_verifier.Verify(policy.Country, document, signature, at, out var signatureError))
        {
            return new PolicyUpdateResult(PolicyUpdateStatus.SignatureInvalid, source, $"the signature is not valid for {policy.Country}'s policy key: {signatureError ?? "verification failed"}", policy.Ref);
        }

        lock (_writeLock)
        {
            var current = _current;
            if (IsAlreadyLoaded(current, policy))
            {
                return new PolicyUpdateResult(PolicyUpdateStatus.AlreadyLoaded, source, null, policy.Ref);
            }

            if (!current.TryAdd(policy, out var next, out var error))
            {
                return new PolicyUpdateResult(PolicyUpdateStatus.NotNewer, source, error, policy.Ref);
            }

            Volatile.Write(ref _current, next);
            return new PolicyUpdateResult(PolicyUpdateStatus.Accepted, source, null, policy.Ref);
        }
    }

    private static bool IsAlreadyLoaded(PolicySet set, [NotNull] SharingPolicy policy) =>
        set.Versions(policy.Country).Any(p => p.Version == policy.Version && p.Digest == policy.Digest);
}
