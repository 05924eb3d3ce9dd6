using System.Formats.Cbor;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.AuditEntries;

public static partial class AuditEntryCodec
{
    private static void WriteRecord(CborWriter w, AuditRecord record)
    {
        switch (record)
        {
            case EnvelopeReceived r:
                w.WriteStartArray(6);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteTextString(r.Sender.Value);
                w.WriteTextString(Wire.Name(r.Category));
                w.WriteByteString(CheckHash(r.EnvelopeHash));
                WriteCount(w, r.EnvelopeSize);
                w.WriteByteString(r.SignedHeader);
                break;
            case EnvelopeVerified r:
                w.WriteStartArray(5);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteBoolean(r.Accepted);
                w.WriteTextString(r.Reason);
                WriteCount(w, r.RegistryVersion);
                WriteTime(w, r.VerifiedAt);
                break;
            case DecisionRecorded r:
                w.WriteStartArray(11);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteTextString(r.Origin.Value);
                w.WriteTextString(r.Recipient.Value);
                w.WriteTextString(Wire.Name(r.Category));
                w.WriteInt32((int)r.Outcome);
                w.WriteTextString(r.Reason);
                w.WriteTextString(r.Rule);
                WriteCount(w, r.OriginPolicyVersion);
                WriteCount(w, r.DestinationPolicyVersion);
                ArgumentOutOfRangeException.ThrowIfLessThan(r.ViewIndex, -1);
                w.WriteInt32(r.ViewIndex);
                WriteTime(w, r.DecidedAt);
                break;
            case DeliveryRecorded r:
                w.WriteStartArray(3);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteTextString(r.Recipient.Value);
                w.WriteByteString(CheckHash(r.DeliveredHash));
                break;
            case ReceiptRecorded r:
                w.WriteStartArray(4);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteTextString(r.From.Value);
                w.WriteTextString(r.ReceiptKind);
                w.WriteByteString(r.SignedReceipt);
                break;
            case RegistryChanged r:
                w.WriteStartArray(2);
                WriteCount(w, r.Version);
                w.WriteByteString(r.SignedRegistry);
                break;
            case PolicyChanged r:
                w.WriteStartArray(4);
                w.WriteTextString(r.Country.Value);
                WriteCount(w, r.Version);
                w.WriteByteString(r.Document);
                w.WriteByteString(r.Signature);
                break;
            case RoutingReceiptIssued r:
                w.WriteStartArray(3);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteTextString(r.Sender.Value);
                w.WriteByteString(r.Payload);
                break;
            case IngressRefused r:
                w.WriteStartArray(7);
                w.WriteTextString(r.Code);
                w.WriteTextString(r.Reason);
                w.WriteTextString(r.AuthenticatedUser);
                if (r.EnvelopeId is null)
                {
                    w.WriteNull();
                }
                else
                {
                    WriteEnvelopeId(w, r.EnvelopeId);
                }

                WriteCount(w, r.BodySize);
                w.WriteByteString(r.BodyHash.Length == 0 ? r.BodyHash : CheckHash(r.BodyHash));
                WriteTime(w, r.RefusedAt);
                break;
            default:
                throw new InvalidOperationException("The audit record type has no encoding.");
        }

        w.WriteEndArray();
    }
}
