using Broker.Protocol.Encoding;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

internal static partial class HeaderCodec
{
    /// <summary>Mutable holder while a header is read; <see cref="ToHeader"/> checks the cross-field references.</summary>
    private sealed class Fields
    {
        public int Suite { get; set; }

        public AgencyId Sender { get; set; }

        public KeyId SenderKeyId { get; set; }

        public EnvelopeId Id { get; set; }

        public MessageKind Kind { get; set; }

        public EnvelopeId? InReplyTo { get; set; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset Expires { get; set; }

        public Category Category { get; set; }

        public Priority Priority { get; set; }

        public Tlp Tlp { get; set; }

        public Classification Classification { get; set; }

        public HandlingCodes Handling { get; set; }

        public bool Broadcast { get; set; }

        public List<HeaderRecipient> Recipients { get; set; } = [];

        public List<HeaderView> Views { get; set; } = [];

        public EnvelopeHeader ToHeader()
        {
            // Every recipient names an existing view, and every view is addressed to someone: no dead weight, no dangling index.
            var used = new bool[Views.Count];
            foreach (var recipient in Recipients)
            {
                RejectException.ThrowIf(recipient.ViewIndex >= Views.Count, RejectReason.InvalidReference);
                used[recipient.ViewIndex] = true;
            }

            RejectException.ThrowIf(used.Contains(false), RejectReason.InvalidReference);
            return new EnvelopeHeader
            {
                Suite = Suite,
                Sender = Sender,
                SenderKeyId = SenderKeyId,
                Id = Id,
                Kind = Kind,
                InReplyTo = InReplyTo,
                Created = Created,
                Expires = Expires,
                Category = Category,
                Priority = Priority,
                Tlp = Tlp,
                Classification = Classification,
                Handling = Handling,
                Broadcast = Broadcast,
                Recipients = Recipients,
                Views = Views,
            };
        }
    }
}
