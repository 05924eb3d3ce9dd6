using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Protocol.Receipts;

/// <summary>
/// Wire form of a routing receipt (AMQP type <c>broker.receipt.v1</c>), a canonical CBOR array, either
/// <c>[payload, signature]</c> (a <see cref="DetachedSignature"/> over the payload, purpose <see cref="SignaturePurpose"/>) or,
/// when the hub signed several receipts at once, <c>[payload, signature, index, [leaf...]]</c>: the leaves are the SHA-256 of
/// every payload in the batch, leaf[index] must equal SHA-256(payload), and the signature (purpose <see cref="BatchSignaturePurpose"/>)
/// covers <see cref="BatchRoot"/> of the leaves; or, when the hub's audit log proves it, <c>[payload, entry, inclusion]</c>
/// (see <see cref="AssembleProven"/>). Verification tries the registry's hub keys; every layer decodes through the strict pre-walk.
/// </summary>
public static partial class RoutingReceiptCodec
{
    public const string SignaturePurpose = "broker/v1/routing-receipt";
    public const string AmqpType = "broker.receipt.v1";
    public const string ContentType = "application/vnd.broker.receipt+cbor";
    public const string BatchSignaturePurpose = "broker/v1/routing-receipt-batch";
    public const int MaxReceiptBytes = 256 * 1024;
    public const int MaxBatch = 256;

    public static byte[] Sign(RoutingReceipt receipt, SigningKeyPair hubKey)
    {
        ArgumentNullException.ThrowIfNull(hubKey);
        var payload = EncodePayload(receipt);
        return Assemble(payload, DetachedSignature.Sign(SignaturePurpose, payload, hubKey));
    }

    /// <summary>Parses and verifies a receipt against the hub keys of <paramref name="registry"/> valid at the receipt's issue time.</summary>
    public static bool TryVerify(ReadOnlySpan<byte> wire, TrustRegistry registry, [NotNullWhen(true)] out RoutingReceipt? receipt, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(registry);
        receipt = null;
        if (!TrySplit(wire, out var parts, out reason) || !TryDecodePayload(parts.Payload, out var parsed, out reason))
        {
            return false;
        }

        if (parts.Inclusion is { } inclusion)
        {
            reason = VerifyProven(parts.Payload, parts.Signature, inclusion, registry);
        }
        else if (parts.Leaves is { } leaves)
        {
            reason = CryptographicOperations.FixedTimeEquals(leaves[parts.Index], SHA256.HashData(parts.Payload))
                ? VerifyWithHubKeys(registry, BatchSignaturePurpose, BatchRoot(leaves), parts.Signature, parsed.IssuedAt)
                : RejectReason.InvalidReference;
        }
        else
        {
            reason = VerifyWithHubKeys(registry, SignaturePurpose, parts.Payload, parts.Signature, parsed.IssuedAt);
        }

        receipt = reason == RejectReason.None ? parsed : null;
        return receipt is not null;
    }

    /// <summary>
    /// The one hub-key check of every receipt form: a hub key of the registry that is not revoked and valid at
    /// <paramref name="at"/> must verify the signature. The reason is the last key's failure other than a key mismatch.
    /// </summary>
    private static RejectReason VerifyWithHubKeys(TrustRegistry registry, string purpose, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature, DateTimeOffset at)
    {
        var reason = RejectReason.UnknownKey;
        foreach (var key in registry.Hub.SigningKeys)
        {
            if (key.Status == KeyStatus.Revoked || at < key.NotBefore || at > key.NotAfter)
            {
                continue;
            }

            if (DetachedSignature.Verify(purpose, signed, signature, key.Key, out var keyReason))
            {
                return RejectReason.None;
            }

            if (keyReason != RejectReason.SignatureKeyMismatch)
            {
                reason = keyReason;
            }
        }

        return reason;
    }
}
