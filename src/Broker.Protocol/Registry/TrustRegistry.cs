using System.Diagnostics.CodeAnalysis;
using Broker.Protocol.Encoding;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Registry;

/// <summary>
/// A trust registry whose composite signature by the registry key (the trust anchor) has been verified; only <see cref="TryLoad"/>
/// and the internal test constructor create one. Signed form: CBOR <c>{1: document bytes, 2: signature}</c>, purpose
/// "broker/v1/registry". Key lookups fail closed with a reason: unknown, suspended, revoked, not yet valid or expired.
/// </summary>
public sealed partial class TrustRegistry
{
    public const string SignaturePurpose = "broker/v1/registry";

    internal TrustRegistry(TrustRegistryDocument document) => Document = document;

    public TrustRegistryDocument Document { get; }

    public long Version => Document.Version;

    public DateTimeOffset IssuedAt => Document.IssuedAt;

    public IReadOnlyList<AgencyEntry> Agencies => Document.Agencies;

    public IReadOnlyList<CountryEntry> Countries => Document.Countries;

    public HubEntry Hub => Document.Hub;

    /// <summary>Encodes the document canonically and signs it with the registry key; the result is what <see cref="TryLoad"/> reads.</summary>
    public static byte[] SignDocument(TrustRegistryDocument doc, SigningKeyPair registryKey) => SignDocument(doc, registryKey, deterministic: false);

    /// <summary>As <see cref="SignDocument(TrustRegistryDocument, SigningKeyPair)"/>; deterministic ML-DSA signing for test vectors.</summary>
    internal static byte[] SignDocument(TrustRegistryDocument doc, SigningKeyPair registryKey, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(registryKey);
        var bytes = RegistryCodec.Write(doc);
        var signature = DetachedSignature.Sign(SignaturePurpose, bytes, registryKey, deterministic);
        var w = Cbor.Writer();
        w.WriteStartMap(2);
        w.WriteUInt32(1);
        w.WriteByteString(bytes);
        w.WriteUInt32(2);
        w.WriteEncodedValue(signature);
        w.WriteEndMap();
        return w.Encode();
    }

    public static bool TryLoad(ReadOnlySpan<byte> signedRegistry, SigningPublicKey trustAnchor, [NotNullWhen(true)] out TrustRegistry? registry, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        registry = null;
        if (!Cbor.TryDecode(signedRegistry.ToArray(), ProtocolLimits.MaxRegistryBytes + 8192, ReadSigned, out var signed, out reason))
        {
            return false;
        }

        if (!DetachedSignature.Verify(SignaturePurpose, signed!.Document.Span, signed.Signature.Span, trustAnchor, out reason))
        {
            return false;
        }

        if (!RegistryCodec.TryRead(signed.Document, out var doc, out reason))
        {
            return false;
        }

        registry = new TrustRegistry(doc!);
        return true;
    }

    private static SignedDocument ReadSigned(System.Formats.Cbor.CborReader r)
    {
        RejectException.ThrowIf(r.ReadMap(2) != 2 || r.ReadKey() != 1, RejectReason.MissingField);
        var document = r.ReadBytesUpTo(ProtocolLimits.MaxRegistryBytes);
        RejectException.ThrowIf(r.ReadKey() != 2, RejectReason.MissingField);
        var signature = r.ReadEncodedValue();
        r.ReadEndMap();
        return new SignedDocument(document, signature);
    }

    private sealed record SignedDocument(ReadOnlyMemory<byte> Document, ReadOnlyMemory<byte> Signature);
}
