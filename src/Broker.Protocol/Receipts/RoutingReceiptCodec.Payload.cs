using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Receipts;

public static partial class RoutingReceiptCodec
{
    private const int MaxPayloadFields = 11;

    /// <summary>The canonical CBOR map that is signed; keys are short text labels, optional fields are omitted when null.</summary>
    public static byte[] EncodePayload(RoutingReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentOutOfRangeException.ThrowIfLessThan(receipt.IssuedAt, DateTimeOffset.UnixEpoch);
        var writer = Cbor.Writer();
        var optional = (receipt.EnvelopeId is null ? 0 : 1) + (receipt.RejectCode is null ? 0 : 1) + (receipt.RejectReason is null ? 0 : 1);
        writer.WriteStartMap(8 + optional);
        writer.WriteTextString("v");
        writer.WriteInt32(receipt.Version);
        writer.WriteTextString("id");
        writer.WriteTextString(receipt.ReceiptId);
        writer.WriteTextString("hub");
        writer.WriteTextString(receipt.HubId);
        writer.WriteTextString("from");
        writer.WriteTextString(receipt.Sender.Value);
        WriteOptional(writer, "env", receipt.EnvelopeId);
        writer.WriteTextString("at");
        writer.WriteTime(receipt.IssuedAt);
        writer.WriteTextString("out");
        writer.WriteInt32((int)receipt.Outcome);
        WriteOptional(writer, "code", receipt.RejectCode);
        WriteOptional(writer, "why", receipt.RejectReason);
        writer.WriteTextString("to");
        writer.WriteStartArray(receipt.DeliveredTo.Count);
        foreach (var agency in receipt.DeliveredTo)
        {
            writer.WriteTextString(agency.Value);
        }

        writer.WriteEndArray();
        writer.WriteTextString("held");
        writer.WriteStartArray(receipt.Withheld.Count);
        foreach (var withheld in receipt.Withheld)
        {
            writer.WriteStartArray(3);
            writer.WriteTextString(withheld.Agency.Value);
            writer.WriteTextString(withheld.Code);
            writer.WriteTextString(withheld.Reason);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        // The canonical writer sorts the keys when the map ends (length first, then bytes), which for these short text keys is the
        // bytewise order the pre-walk checks.
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteOptional(CborWriter writer, string key, string? value)
    {
        if (value is not null)
        {
            writer.WriteTextString(key);
            writer.WriteTextString(value);
        }
    }

    /// <summary>
    /// <see cref="RejectReason.UnknownField"/> for a key this version does not define, <see cref="RejectReason.MissingField"/> for a
    /// required key absent, <see cref="RejectReason.InvalidField"/> for another version or a field of the wrong type or value.
    /// </summary>
    internal static bool TryDecodePayload(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out RoutingReceipt? receipt, out RejectReason reason) =>
        Cbor.TryDecode(payload, MaxReceiptBytes, ReadPayload, out receipt, out reason);

    private static RoutingReceipt ReadPayload(CborReader r)
    {
        var count = r.ReadStartMap() ?? throw new RejectException(RejectReason.ForbiddenCborItem);
        RejectException.ThrowIf(count > MaxPayloadFields, RejectReason.UnknownField);
        var fields = new PayloadFields();
        for (var i = 0; i < count; i++)
        {
            RejectException.ThrowIf(r.PeekState() != CborReaderState.TextString, RejectReason.UnknownField);
            fields.Read(r, r.ReadTextString());
        }

        r.ReadEndMap();
        return fields.ToReceipt();
    }

    private static List<AgencyId> ReadAgencies(CborReader r)
    {
        var count = r.ReadArray(0, ProtocolLimits.MaxRegistryAgencies);
        var list = new List<AgencyId>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadAgency(r));
        }

        r.ReadEndArray();
        return list;
    }

    private static List<WithheldRecipient> ReadWithheld(CborReader r)
    {
        var count = r.ReadArray(0, ProtocolLimits.MaxRegistryAgencies);
        var list = new List<WithheldRecipient>(count);
        for (var i = 0; i < count; i++)
        {
            r.ReadTuple(3);
            list.Add(new WithheldRecipient(ReadAgency(r), ReadText(r), ReadText(r)));
            r.ReadEndArray();
        }

        r.ReadEndArray();
        return list;
    }

    private static AgencyId ReadAgency(CborReader r) =>
        AgencyId.TryParse(r.ReadText(AgencyId.MaxLength), out var agency) ? agency : throw new RejectException(RejectReason.InvalidField);

    private static string ReadText(CborReader r) => r.ReadText(MaxReceiptBytes);
}
