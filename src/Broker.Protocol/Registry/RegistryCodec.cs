using System.Formats.Cbor;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Registry;

/// <summary>
/// Canonical CBOR of <see cref="TrustRegistryDocument"/> (keys-and-registry.md §3):
/// <c>{1: version, 2: issued-at ms, 3: [*agency], 4: [*country], 5: hub}</c>. Lists of agencies and countries are sorted
/// by id; a reader refuses unsorted or repeated entries, so one document has exactly one encoding.
/// </summary>
internal static partial class RegistryCodec
{
    public static byte[] Write(TrustRegistryDocument doc)
    {
        var w = Cbor.Writer();
        w.WriteStartMap(5);
        w.WriteUInt32(1);
        w.WriteInt64(doc.Version);
        w.WriteUInt32(2);
        w.WriteTime(doc.IssuedAt);
        w.WriteUInt32(3);
        var agencies = doc.Agencies.OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
        w.WriteStartArray(agencies.Count);
        foreach (var a in agencies)
        {
            w.WriteStartArray(6);
            w.WriteTextString(a.Id.Value);
            w.WriteTextString(a.Name);
            w.WriteInt32((int)a.Authority);
            w.WriteInt32((int)a.Status);
            WriteSigningKeys(w, a.SigningKeys);
            w.WriteStartArray(a.EncryptionKeys.Count);
            foreach (var k in a.EncryptionKeys)
            {
                w.WriteStartArray(k.RevokedAt is null ? 4 : 5);
                w.WriteByteString(k.Key.Bytes);
                WriteValidity(w, k.NotBefore, k.NotAfter, k.Status, k.RevokedAt);
            }

            w.WriteEndArray();
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteUInt32(4);
        var countries = doc.Countries.OrderBy(c => c.Country.Value, StringComparer.Ordinal).ToList();
        w.WriteStartArray(countries.Count);
        foreach (var c in countries)
        {
            w.WriteStartArray(3);
            w.WriteTextString(c.Country.Value);
            w.WriteTextString(c.Name);
            WriteSigningKeys(w, c.PolicyKeys);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteUInt32(5);
        w.WriteStartArray(2);
        w.WriteTextString(doc.Hub.Id);
        WriteSigningKeys(w, doc.Hub.SigningKeys);
        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    private static void WriteSigningKeys(CborWriter w, IReadOnlyList<RegisteredSigningKey> keys)
    {
        w.WriteStartArray(keys.Count);
        foreach (var k in keys)
        {
            w.WriteStartArray(k.RevokedAt is null ? 4 : 5);
            w.WriteStartArray(2);
            w.WriteByteString(k.Key.Ed25519);
            w.WriteByteString(k.Key.MlDsa65);
            w.WriteEndArray();
            WriteValidity(w, k.NotBefore, k.NotAfter, k.Status, k.RevokedAt);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes not-before, not-after, status and the optional revocation time, then closes the key's array.</summary>
    private static void WriteValidity(CborWriter w, DateTimeOffset notBefore, DateTimeOffset notAfter, KeyStatus status, DateTimeOffset? revokedAt)
    {
        w.WriteTime(notBefore);
        w.WriteTime(notAfter);
        w.WriteInt32((int)status);
        if (revokedAt is { } at)
        {
            w.WriteTime(at);
        }

        w.WriteEndArray();
    }
}
