using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Entries;

/// <summary>
/// Canonical CBOR (RFC 8949 §4.2.1 core deterministic encoding) for entries: one array per entry, one array per record, fixed
/// field order, so encoding is a function and decoding accepts only that function's output. Decoding never throws on hostile
/// bytes: it returns false with a fixed reason that contains no entry content.
/// </summary>
public static partial class AuditEntryCodec
{
    public const int FormatVersion = 1;
    public const int MaxEntryBytes = 8 * 1024 * 1024;
    private const int EnvelopeIdBytes = 16;

    public static byte[] Encode(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(5);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(entry.Index);
        writer.WriteInt64(entry.Timestamp.ToUnixTimeMilliseconds());
        writer.WriteInt32((int)entry.Record.Kind);
        WriteRecord(writer, entry.Record);
        writer.WriteEndArray();
        var bytes = writer.Encode();
        if (bytes.Length > MaxEntryBytes)
        {
            throw new InvalidOperationException("The audit entry is larger than the 8 MiB entry cap.");
        }

        return bytes;
    }

    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out AuditEntry? entry, out string reason)
    {
        entry = null;
        if (bytes.Length > MaxEntryBytes)
        {
            reason = "entry larger than the cap";
            return false;
        }

        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 5 || reader.ReadInt32() != FormatVersion)
            {
                reason = "unknown entry format";
                return false;
            }

            var index = reader.ReadInt64();
            var time = reader.ReadInt64();
            var kind = (AuditEntryKind)reader.ReadInt32();
            if (index < 0)
            {
                reason = "negative index";
                return false;
            }

            if (!TryReadRecord(reader, kind, out var record, out reason))
            {
                return false;
            }

            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                reason = "trailing bytes after the entry";
                return false;
            }

            entry = new AuditEntry(index, DateTimeOffset.FromUnixTimeMilliseconds(time), record);
            reason = string.Empty;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            reason = "malformed or non-canonical CBOR";
            return false;
        }
    }

    private static void WriteEnvelopeId(CborWriter writer, string hex)
    {
        var id = Convert.FromHexString(hex);
        if (id.Length != EnvelopeIdBytes || !string.Equals(hex, Convert.ToHexStringLower(id), StringComparison.Ordinal))
        {
            throw new ArgumentException("An envelope id is 16 bytes written as 32 lowercase hex characters.");
        }

        writer.WriteByteString(id);
    }

    private static string ReadEnvelopeId(CborReader reader)
    {
        var id = reader.ReadByteString();
        return id.Length == EnvelopeIdBytes ? Convert.ToHexStringLower(id) : throw new FormatException("bad envelope id");
    }

    private static byte[] ReadHash(CborReader reader)
    {
        var hash = reader.ReadByteString();
        return hash.Length == 32 ? hash : throw new FormatException("bad hash");
    }

    private static AgencyId ReadAgency(CborReader reader) => AgencyId.Parse(reader.ReadTextString());

    private static Category ReadCategory(CborReader reader) =>
        Wire.TryParse(reader.ReadTextString(), out Category category) ? category : throw new FormatException("bad category");
}
