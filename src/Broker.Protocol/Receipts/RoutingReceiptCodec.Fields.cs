using System.Formats.Cbor;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Receipts;

public static partial class RoutingReceiptCodec
{
    /// <summary>The payload's fields as they are read; the pre-walk has already refused duplicate and unsorted keys.</summary>
    private sealed class PayloadFields
    {
        private int? _version;
        private string? _id;
        private string? _hub;
        private Vocabulary.AgencyId? _from;
        private string? _envelopeId;
        private DateTimeOffset? _at;
        private ReceiptOutcome? _outcome;
        private string? _code;
        private string? _why;
        private List<Vocabulary.AgencyId>? _to;
        private List<WithheldRecipient>? _held;

        public void Read(CborReader r, string key)
        {
            switch (key)
            {
                case "v": _version = (int)r.ReadInt(int.MinValue, int.MaxValue); break;
                case "id": _id = ReadText(r); break;
                case "hub": _hub = ReadText(r); break;
                case "from": _from = ReadAgency(r); break;
                case "env": _envelopeId = ReadText(r); break;
                case "at": _at = r.ReadTime(); break;
                case "out": _outcome = r.ReadEnum<ReceiptOutcome>(); break;
                case "code": _code = ReadText(r); break;
                case "why": _why = ReadText(r); break;
                case "to": _to = ReadAgencies(r); break;
                case "held": _held = ReadWithheld(r); break;
                default: throw new RejectException(RejectReason.UnknownField);
            }
        }

        public RoutingReceipt ToReceipt()
        {
            if (_version is not { } version || _id is null || _hub is null || _from is not { } from || _at is not { } at
                || _outcome is not { } outcome || _to is null || _held is null)
            {
                throw new RejectException(RejectReason.MissingField);
            }

            RejectException.ThrowIf(version != RoutingReceipt.CurrentVersion, RejectReason.InvalidField);
            return new RoutingReceipt
            {
                Version = version,
                ReceiptId = _id,
                HubId = _hub,
                Sender = from,
                EnvelopeId = _envelopeId,
                IssuedAt = at,
                Outcome = outcome,
                RejectCode = _code,
                RejectReason = _why,
                DeliveredTo = _to,
                Withheld = _held,
            };
        }
    }
}
