using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Registry;

internal static partial class RegistryCodec
{
    public static bool TryRead(ReadOnlyMemory<byte> bytes, out TrustRegistryDocument? doc, out RejectReason reason) =>
        Cbor.TryDecode(bytes, ProtocolLimits.MaxRegistryBytes, Read, out doc, out reason);

    private static TrustRegistryDocument Read(CborReader r)
    {
        RejectException.ThrowIf(r.ReadMap(5) != 5, RejectReason.MissingField);
        RejectException.ThrowIf(r.ReadKey() != 1, RejectReason.MissingField);
        var version = r.ReadULong();
        RejectException.ThrowIf(version > long.MaxValue, RejectReason.InvalidField);
        RejectException.ThrowIf(r.ReadKey() != 2, RejectReason.MissingField);
        var issuedAt = r.ReadTime();
        RejectException.ThrowIf(r.ReadKey() != 3, RejectReason.MissingField);
        var agencies = ReadList(r, ProtocolLimits.MaxRegistryAgencies, ReadAgency, a => a.Id.Value);
        RejectException.ThrowIf(r.ReadKey() != 4, RejectReason.MissingField);
        var countries = ReadList(r, ProtocolLimits.MaxRegistryCountries, ReadCountry, c => c.Country.Value);
        RejectException.ThrowIf(r.ReadKey() != 5, RejectReason.MissingField);
        r.ReadTuple(2);
        var hub = new HubEntry(r.ReadText(ProtocolLimits.MaxNameChars), ReadSigningKeys(r));
        r.ReadEndArray();
        r.ReadEndMap();
        return new TrustRegistryDocument { Version = (long)version, IssuedAt = issuedAt, Agencies = agencies, Countries = countries, Hub = hub };
    }

    private static List<T> ReadList<T>(CborReader r, int max, Func<CborReader, T> read, Func<T, string> id)
    {
        var count = r.ReadArray(0, max);
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var item = read(r);
            if (i > 0)
            {
                var order = string.CompareOrdinal(id(list[i - 1]), id(item));
                RejectException.ThrowIf(order == 0, RejectReason.DuplicateEntry);
                RejectException.ThrowIf(order > 0, RejectReason.NonCanonicalEncoding);
            }

            list.Add(item);
        }

        r.ReadEndArray();
        return list;
    }

    private static AgencyEntry ReadAgency(CborReader r)
    {
        r.ReadTuple(6);
        var id = HeaderCodec.ReadAgency(r);
        var name = r.ReadText(ProtocolLimits.MaxNameChars);
        var authority = r.ReadEnum<AuthorityType>();
        var status = (AgencyStatus)r.ReadUInt((uint)AgencyStatus.Suspended);
        var signing = ReadSigningKeys(r);
        var count = r.ReadArray(0, ProtocolLimits.MaxKeysPerEntry);
        var encryption = new List<RegisteredEncryptionKey>(count);
        for (var i = 0; i < count; i++)
        {
            var fields = r.ReadArray(4, 5);
            RejectException.ThrowIf(!EncryptionPublicKey.TryCreate(r.ReadBytes(EncryptionPublicKey.Length).Span, out var key), RejectReason.InvalidField);
            var (notBefore, notAfter, keyStatus, revokedAt) = ReadValidity(r, fields);
            encryption.Add(new RegisteredEncryptionKey(key!, notBefore, notAfter, keyStatus, revokedAt));
        }

        r.ReadEndArray();
        r.ReadEndArray();
        return new AgencyEntry(id, name, authority, status, signing, encryption);
    }

    private static CountryEntry ReadCountry(CborReader r)
    {
        r.ReadTuple(3);
        RejectException.ThrowIf(!CountryCode.TryParse(r.ReadText(2), out var code), RejectReason.InvalidField);
        var entry = new CountryEntry(code, r.ReadText(ProtocolLimits.MaxNameChars), ReadSigningKeys(r));
        r.ReadEndArray();
        return entry;
    }

    private static List<RegisteredSigningKey> ReadSigningKeys(CborReader r)
    {
        var count = r.ReadArray(0, ProtocolLimits.MaxKeysPerEntry);
        var keys = new List<RegisteredSigningKey>(count);
        for (var i = 0; i < count; i++)
        {
            var fields = r.ReadArray(4, 5);
            r.ReadTuple(2);
            var ed = r.ReadBytes(SigningPublicKey.Ed25519Length);
            var ml = r.ReadBytes(SigningPublicKey.MlDsa65Length);
            r.ReadEndArray();
            SigningPublicKey.TryCreate(ed.Span, ml.Span, out var key);
            var (notBefore, notAfter, status, revokedAt) = ReadValidity(r, fields);
            keys.Add(new RegisteredSigningKey(key!, notBefore, notAfter, status, revokedAt));
        }

        r.ReadEndArray();
        return keys;
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter, KeyStatus Status, DateTimeOffset? RevokedAt) ReadValidity(CborReader r, int fields)
    {
        var notBefore = r.ReadTime();
        var notAfter = r.ReadTime();
        var status = (KeyStatus)r.ReadUInt((uint)KeyStatus.Revoked);
        DateTimeOffset? revokedAt = fields == 5 ? r.ReadTime() : null;
        RejectException.ThrowIf(notAfter < notBefore || (status == KeyStatus.Revoked) != revokedAt.HasValue, RejectReason.InvalidField);
        r.ReadEndArray();
        return (notBefore, notAfter, status, revokedAt);
    }
}
