using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using System.Security.Cryptography;
using Broker.Protocol;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Hosting.Receipts;

/// <summary>
/// Wire form of a routing receipt (AMQP type <c>broker.receipt.v1</c>), a canonical CBOR array, either
/// <c>[payload, signature]</c> (a <see cref="DetachedSignature"/> over the payload, purpose <see cref="SignaturePurpose"/>) or,
/// when the hub signed several receipts at once, <c>[payload, signature, index, [leaf...]]</c>: the leaves are the SHA-256 of
/// every payload in the batch, leaf[index] must equal SHA-256(payload), and the signature (purpose <see cref="BatchSignaturePurpose"/>)
/// covers <see cref="BatchRoot"/> of the leaves; or, when the hub's audit log proves it, <c>[payload, entry, inclusion]</c>
/// (see <see cref="AssembleProven"/>). Verification tries the registry's hub keys; parsing is bounded.
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

    /// <summary>The wire form from payload bytes and a detached signature made elsewhere (e.g. by a key held in an HSM).</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(2);
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
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
            receipt = reason == RejectReason.None ? parsed : null;
            return receipt is not null;
        }

        byte[] signed = parts.Payload;
        var purpose = SignaturePurpose;
        if (parts.Leaves is { } leaves)
        {
            if (!CryptographicOperations.FixedTimeEquals(leaves[parts.Index], SHA256.HashData(parts.Payload)))
            {
                reason = RejectReason.InvalidReference;
                return false;
            }

            signed = BatchRoot(leaves);
            purpose = BatchSignaturePurpose;
        }

        reason = RejectReason.UnknownKey;
        foreach (var key in registry.Hub.SigningKeys)
        {
            if (key.Status == KeyStatus.Revoked || parsed.IssuedAt < key.NotBefore || parsed.IssuedAt > key.NotAfter)
            {
                continue;
            }

            if (DetachedSignature.Verify(purpose, signed, parts.Signature, key.Key, out var keyReason))
            {
                receipt = parsed;
                reason = RejectReason.None;
                return true;
            }

            if (keyReason != RejectReason.SignatureKeyMismatch)
            {
                reason = keyReason;
            }
        }

        return false;
    }
}
