using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.AuditEntries;

public static partial class AuditEntryCodec
{
    private static AuditRecord ReadRecord(CborReader r, AuditEntryKind kind)
    {
        r.ReadTuple(kind switch
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
            _ => throw new RejectException(RejectReason.InvalidField),
        });
        AuditRecord record = kind switch
        {
            AuditEntryKind.EnvelopeReceived => new EnvelopeReceived
            {
                EnvelopeId = ReadEnvelopeId(r),
                Sender = ReadAgency(r),
                Category = ReadCategory(r),
                EnvelopeHash = ReadHash(r),
                EnvelopeSize = r.ReadCount(),
                SignedHeader = ReadBlob(r),
            },
            AuditEntryKind.EnvelopeVerified => new EnvelopeVerified
            {
                EnvelopeId = ReadEnvelopeId(r),
                Accepted = r.ReadBool(),
                Reason = ReadText(r),
                RegistryVersion = r.ReadCount(),
                VerifiedAt = r.ReadTime(),
            },
            AuditEntryKind.Decision => new DecisionRecorded
            {
                EnvelopeId = ReadEnvelopeId(r),
                Origin = ReadAgency(r),
                Recipient = ReadAgency(r),
                Category = ReadCategory(r),
                Outcome = r.ReadEnum<RecordedOutcome>(),
                Reason = ReadText(r),
                Rule = ReadText(r),
                OriginPolicyVersion = r.ReadCount(),
                DestinationPolicyVersion = r.ReadCount(),
                ViewIndex = (int)r.ReadInt(-1, int.MaxValue),
                DecidedAt = r.ReadTime(),
            },
            AuditEntryKind.Delivery => new DeliveryRecorded { EnvelopeId = ReadEnvelopeId(r), Recipient = ReadAgency(r), DeliveredHash = ReadHash(r) },
            AuditEntryKind.Receipt => new ReceiptRecorded
            {
                EnvelopeId = ReadEnvelopeId(r),
                From = ReadAgency(r),
                ReceiptKind = ReadText(r),
                SignedReceipt = ReadBlob(r),
            },
            AuditEntryKind.RegistryChanged => new RegistryChanged { Version = r.ReadCount(), SignedRegistry = ReadBlob(r) },
            AuditEntryKind.PolicyChanged => new PolicyChanged
            {
                Country = CountryCode.TryParse(r.ReadText(2), out var country) ? country : throw new RejectException(RejectReason.InvalidField),
                Version = r.ReadCount(),
                Document = ReadBlob(r),
                Signature = ReadBlob(r),
            },
            AuditEntryKind.RoutingReceipt => new RoutingReceiptIssued { EnvelopeId = ReadEnvelopeId(r), Sender = ReadAgency(r), Payload = ReadBlob(r) },
            _ => new IngressRefused
            {
                Code = ReadText(r),
                Reason = ReadText(r),
                AuthenticatedUser = ReadText(r),
                EnvelopeId = ReadOptionalEnvelopeId(r),
                BodySize = r.ReadCount(),
                BodyHash = r.ReadBytesUpTo(HashBytes) is { Length: 0 or HashBytes } hash ? hash.ToArray() : throw new RejectException(RejectReason.InvalidField),
                RefusedAt = r.ReadTime(),
            },
        };
        r.ReadEndArray();
        return record;
    }

    /// <summary>The one place null is read: kind 9 writes it when the refused message's header could not be read.</summary>
    private static string? ReadOptionalEnvelopeId(CborReader r)
    {
        if (r.PeekState() == CborReaderState.Null)
        {
            r.ReadNull();
            return null;
        }

        return ReadEnvelopeId(r);
    }
}
