using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.AuditEntries;

/// <summary>
/// Canonical CBOR (RFC 8949 §4.2.1 core deterministic encoding) for entries (audit-log.md §2): one array per entry, one array per
/// record, fixed field order, so encoding is a function and decoding accepts only that function's output. Decoding goes through
/// the strict pre-walk like every other format, never throws on hostile bytes and names the failure with a <see cref="RejectReason"/>;
/// encoding throws on a record that has no valid form (misuse).
/// </summary>
public static partial class AuditEntryCodec
{
    public const int FormatVersion = 1;
    public const int MaxEntryBytes = 8 * 1024 * 1024;
    private const int EnvelopeIdBytes = 16;
    private const int HashBytes = 32;

    public static byte[] Encode(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfNegative(entry.Index);
        var writer = Cbor.Writer();
        writer.WriteStartArray(5);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(entry.Index);
        WriteTime(writer, entry.Timestamp);
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

    /// <summary>
    /// Decodes one entry. <see cref="RejectReason.TooLarge"/> over <see cref="MaxEntryBytes"/>; the pre-walk's reasons for
    /// non-canonical, truncated, trailing or duplicate input; <see cref="RejectReason.InvalidField"/> for an unknown format version
    /// or kind, a negative index or a field of the wrong type or size; <see cref="RejectReason.Malformed"/> for a record of the
    /// wrong arity. CBOR null is accepted where kind 9 writes it (no envelope id) and nowhere else.
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out AuditEntry? entry, out RejectReason reason) =>
        Cbor.TryDecode(bytes, MaxEntryBytes, Read, out entry, out reason, allowNull: true);

    private static AuditEntry Read(CborReader r)
    {
        r.ReadTuple(5);
        RejectException.ThrowIf(r.ReadCount() != FormatVersion, RejectReason.InvalidField);
        var index = r.ReadCount();
        var time = r.ReadTime();
        var kind = r.ReadEnum<AuditEntryKind>();
        var record = ReadRecord(r, kind);
        r.ReadEndArray();
        return new AuditEntry(index, time, record);
    }

    /// <summary>Times are unsigned Unix milliseconds (audit-log.md §2); a time before 1970 has no encoding.</summary>
    private static void WriteTime(CborWriter writer, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, DateTimeOffset.UnixEpoch);
        writer.WriteTime(time);
    }

    private static void WriteCount(CborWriter writer, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        writer.WriteInt64(value);
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

    private static string ReadEnvelopeId(CborReader reader) => Convert.ToHexStringLower(reader.ReadBytes(EnvelopeIdBytes).Span);

    private static byte[] ReadHash(CborReader reader) => reader.ReadBytes(HashBytes).ToArray();

    private static byte[] ReadBlob(CborReader reader) => reader.ReadBytesUpTo(MaxEntryBytes).ToArray();

    private static string ReadText(CborReader reader) => reader.ReadText(MaxEntryBytes);

    private static AgencyId ReadAgency(CborReader reader) =>
        AgencyId.TryParse(reader.ReadText(AgencyId.MaxLength), out var agency) ? agency : throw new RejectException(RejectReason.InvalidField);

    private static Category ReadCategory(CborReader reader) =>
        Wire.TryParse(reader.ReadText(ProtocolLimits.MaxNameChars), out Category category) ? category : throw new RejectException(RejectReason.InvalidField);

    private static byte[] CheckHash(byte[] hash) =>
        hash is { Length: HashBytes } ? hash : throw new ArgumentException("A hash in an audit record is a 32-byte SHA-256 value.");
}
