using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol;
using Broker.Protocol.Vocabulary;

namespace Broker.Hosting.Receipts;

public static partial class RoutingReceiptCodec
{
    /// <summary>The canonical CBOR map that is signed; keys are short text labels, optional fields are omitted when null.</summary>
    public static byte[] EncodePayload(RoutingReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var writer = new CborWriter(CborConformanceMode.Canonical);
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
        writer.WriteInt64(receipt.IssuedAt.ToUnixTimeMilliseconds());
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

    internal static bool TryDecodePayload(byte[] payload, [NotNullWhen(true)] out RoutingReceipt? receipt, out RejectReason reason)
    {
        receipt = null;
        try
        {
            var fields = new Dictionary<string, object>(StringComparer.Ordinal);
            var reader = new CborReader(payload, CborConformanceMode.Canonical);
            var count = reader.ReadStartMap();
            for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
            {
                var key = reader.ReadTextString();
                fields[key] = key switch
                {
                    "v" or "out" => reader.ReadInt32(),
                    "at" => reader.ReadInt64(),
                    "to" => ReadAgencies(reader),
                    "held" => ReadWithheld(reader),
                    _ => reader.ReadTextString(),
                };
            }

            reader.ReadEndMap();
            receipt = new RoutingReceipt
            {
                Version = (int)fields["v"],
                ReceiptId = (string)fields["id"],
                HubId = (string)fields["hub"],
                Sender = AgencyId.Parse((string)fields["from"]),
                EnvelopeId = fields.GetValueOrDefault("env") as string,
                IssuedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields["at"]),
                Outcome = (ReceiptOutcome)(int)fields["out"],
                RejectCode = fields.GetValueOrDefault("code") as string,
                RejectReason = fields.GetValueOrDefault("why") as string,
                DeliveredTo = (List<AgencyId>)fields["to"],
                Withheld = (List<WithheldRecipient>)fields["held"],
            };
            reason = receipt.Version == RoutingReceipt.CurrentVersion && reader.BytesRemaining == 0 ? RejectReason.None : RejectReason.InvalidField;
            return reason == RejectReason.None;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or KeyNotFoundException or InvalidCastException or FormatException)
        {
            receipt = null;
            reason = RejectReason.Malformed;
            return false;
        }
    }

    private static List<AgencyId> ReadAgencies(CborReader reader)
    {
        var count = reader.ReadStartArray() ?? throw new FormatException("Indefinite array.");
        var list = new List<AgencyId>(Math.Min(count, ProtocolLimits.MaxRecipients));
        for (var i = 0; i < count; i++)
        {
            list.Add(AgencyId.Parse(reader.ReadTextString()));
        }

        reader.ReadEndArray();
        return list;
    }

    private static List<WithheldRecipient> ReadWithheld(CborReader reader)
    {
        var count = reader.ReadStartArray() ?? throw new FormatException("Indefinite array.");
        var list = new List<WithheldRecipient>(Math.Min(count, ProtocolLimits.MaxRecipients));
        for (var i = 0; i < count; i++)
        {
            reader.ReadStartArray();
            list.Add(new WithheldRecipient(AgencyId.Parse(reader.ReadTextString()), reader.ReadTextString(), reader.ReadTextString()));
            reader.ReadEndArray();
        }

        reader.ReadEndArray();
        return list;
    }
}
