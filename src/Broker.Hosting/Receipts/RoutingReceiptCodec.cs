using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Hosting.Receipts;

/// <summary>
/// Wire form of a routing receipt (AMQP type <c>broker.receipt.v1</c>): a canonical CBOR array
/// <c>[payload: bstr, signature: bstr]</c> where payload is the canonical CBOR map of the receipt and signature is a
/// <see cref="DetachedSignature"/> over the payload bytes. Verification tries the registry's hub keys; parsing is bounded.
/// </summary>
public static partial class RoutingReceiptCodec
{
    public const string SignaturePurpose = "broker/v1/routing-receipt";
    public const string AmqpType = "broker.receipt.v1";
    public const string ContentType = "application/vnd.broker.receipt+cbor";
    public const int MaxReceiptBytes = 256 * 1024;

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
        if (!TrySplit(wire, out var payload, out var signature, out reason) || !TryDecodePayload(payload, out var parsed, out reason))
        {
            return false;
        }

        reason = RejectReason.UnknownKey;
        foreach (var key in registry.Hub.SigningKeys)
        {
            if (key.Status == KeyStatus.Revoked || parsed.IssuedAt < key.NotBefore || parsed.IssuedAt > key.NotAfter)
            {
                continue;
            }

            if (DetachedSignature.Verify(SignaturePurpose, payload, signature, key.Key, out var keyReason))
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

    private static bool TrySplit(ReadOnlySpan<byte> wire, out byte[] payload, out byte[] signature, out RejectReason reason)
    {
        payload = signature = [];
        if (wire.Length > MaxReceiptBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        try
        {
            var reader = new CborReader(wire.ToArray(), CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 2)
            {
                reason = RejectReason.Malformed;
                return false;
            }

            payload = reader.ReadByteString();
            signature = reader.ReadByteString();
            reader.ReadEndArray();
            reason = reader.BytesRemaining == 0 ? RejectReason.None : RejectReason.TrailingBytes;
            return reason == RejectReason.None;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException)
        {
            reason = RejectReason.Malformed;
            return false;
        }
    }
}
