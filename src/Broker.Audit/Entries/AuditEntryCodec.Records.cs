using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Entries;

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
                w.WriteInt64(r.EnvelopeSize);
                w.WriteByteString(r.SignedHeader);
                break;
            case EnvelopeVerified r:
                w.WriteStartArray(5);
                WriteEnvelopeId(w, r.EnvelopeId);
                w.WriteBoolean(r.Accepted);
                w.WriteTextString(r.Reason);
                w.WriteInt64(r.RegistryVersion);
                w.WriteInt64(r.VerifiedAt.ToUnixTimeMilliseconds());
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
                w.WriteInt64(r.OriginPolicyVersion);
                w.WriteInt64(r.DestinationPolicyVersion);
                w.WriteInt32(r.ViewIndex);
                w.WriteInt64(r.DecidedAt.ToUnixTimeMilliseconds());
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
                w.WriteInt64(r.Version);
                w.WriteByteString(r.SignedRegistry);
                break;
            case PolicyChanged r:
                w.WriteStartArray(4);
                w.WriteTextString(r.Country.Value);
                w.WriteInt64(r.Version);
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

                w.WriteInt64(r.BodySize);
                w.WriteByteString(r.BodyHash.Length == 0 ? r.BodyHash : CheckHash(r.BodyHash));
                w.WriteInt64(r.RefusedAt.ToUnixTimeMilliseconds());
                break;
            default:
                throw new InvalidOperationException("The audit record type has no encoding.");
        }

        w.WriteEndArray();
    }

    private static bool TryReadRecord(CborReader r, AuditEntryKind kind, [NotNullWhen(true)] out AuditRecord? record, out string reason)
    {
        int? expected = kind switch
        {
            AuditEntryKind.EnvelopeReceived => 6,
            AuditEntryKind.EnvelopeVerified => 5,
            AuditEntryKind.Decision => 11,
            AuditEntryKind.Delivery => 3,
            AuditEntryKind.Receipt => 4,
            AuditEntryKind.RegistryChanged => 2,
            AuditEntryKind.PolicyChanged => 4,
            AuditEntryKind.RoutingReceipt => 3,
            AuditEntryKind.IngressRefused => 7,
            _ => null,
        };
        if (expected is null || r.ReadStartArray() != expected)
        {
            record = null;
            reason = expected is null ? "unknown entry kind" : "wrong field count for the entry kind";
            return false;
        }

        record = kind switch
        {
            AuditEntryKind.EnvelopeReceived => new EnvelopeReceived
            {
                EnvelopeId = ReadEnvelopeId(r),
                Sender = ReadAgency(r),
                Category = ReadCategory(r),
                EnvelopeHash = ReadHash(r),
                EnvelopeSize = r.ReadInt64(),
                SignedHeader = r.ReadByteString(),
            },
            AuditEntryKind.EnvelopeVerified => new EnvelopeVerified
            {
                EnvelopeId = ReadEnvelopeId(r),
                Accepted = r.ReadBoolean(),
                Reason = r.ReadTextString(),
                RegistryVersion = r.ReadInt64(),
                VerifiedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
            },
            AuditEntryKind.Decision => new DecisionRecorded
            {
                EnvelopeId = ReadEnvelopeId(r),
                Origin = ReadAgency(r),
                Recipient = ReadAgency(r),
                Category = ReadCategory(r),
                Outcome = ReadOutcome(r),
                Reason = r.ReadTextString(),
                Rule = r.ReadTextString(),
                OriginPolicyVersion = r.ReadInt64(),
                DestinationPolicyVersion = r.ReadInt64(),
                ViewIndex = r.ReadInt32(),
                DecidedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
            },
            AuditEntryKind.Delivery => new DeliveryRecorded { EnvelopeId = ReadEnvelopeId(r), Recipient = ReadAgency(r), DeliveredHash = ReadHash(r) },
            AuditEntryKind.Receipt => new ReceiptRecorded
            {
                EnvelopeId = ReadEnvelopeId(r),
                From = ReadAgency(r),
                ReceiptKind = r.ReadTextString(),
                SignedReceipt = r.ReadByteString(),
            },
            AuditEntryKind.RegistryChanged => new RegistryChanged { Version = r.ReadInt64(), SignedRegistry = r.ReadByteString() },
            AuditEntryKind.PolicyChanged => new PolicyChanged
            {
                Country = new CountryCode(r.ReadTextString()),
                Version = r.ReadInt64(),
                Document = r.ReadByteString(),
                Signature = r.ReadByteString(),
            },
            AuditEntryKind.RoutingReceipt => new RoutingReceiptIssued { EnvelopeId = ReadEnvelopeId(r), Sender = ReadAgency(r), Payload = r.ReadByteString() },
            AuditEntryKind.IngressRefused => new IngressRefused
            {
                Code = r.ReadTextString(),
                Reason = r.ReadTextString(),
                AuthenticatedUser = r.ReadTextString(),
                EnvelopeId = ReadOptionalEnvelopeId(r),
                BodySize = r.ReadInt64(),
                BodyHash = ReadOptionalHash(r),
                RefusedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
            },
            _ => throw new InvalidOperationException("unreachable: kinds were checked above"),
        };
        r.ReadEndArray();
        reason = string.Empty;
        return true;
    }

    private static string? ReadOptionalEnvelopeId(CborReader r)
    {
        if (r.PeekState() == CborReaderState.Null)
        {
            r.ReadNull();
            return null;
        }

        return ReadEnvelopeId(r);
    }

    private static byte[] ReadOptionalHash(CborReader r)
    {
        var hash = r.ReadByteString();
        return hash.Length is 0 or 32 ? hash : throw new FormatException("bad hash");
    }

    private static DecisionOutcome ReadOutcome(CborReader r)
    {
        var value = r.ReadInt32();
        return Enum.IsDefined((DecisionOutcome)value) ? (DecisionOutcome)value : throw new FormatException("bad outcome");
    }

    private static byte[] CheckHash(byte[] hash) =>
        hash is { Length: 32 } ? hash : throw new ArgumentException("A hash in an audit record is a 32-byte SHA-256 value.");
}
