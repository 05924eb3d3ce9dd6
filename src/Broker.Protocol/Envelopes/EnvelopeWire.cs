using Broker.Protocol.Keys;

namespace Broker.Protocol.Envelopes;

/// <summary>A view ciphertext as carried: its index in the header and AES-256-GCM ciphertext ‖ tag.</summary>
internal sealed record WireView(int Index, ReadOnlyMemory<byte> Ciphertext);

/// <summary>A recipient stanza as carried: its position in the header's recipient list, the X-Wing enc and the HPKE-sealed content key.</summary>
internal sealed record WireStanza(int RecipientIndex, ReadOnlyMemory<byte> Enc, ReadOnlyMemory<byte> WrappedKey)
{
    public const int EncLength = 1120;
    public const int WrappedKeyLength = ViewKeys.CekLength + 16;
}

/// <summary>
/// The parsed envelope (envelope-v1.md §4): exact header bytes (what is hashed and signed), the parsed header, the signature,
/// and the views and stanzas still present, each sorted and unique, each referring to an entry of the header.
/// </summary>
internal sealed record EnvelopeWire(ReadOnlyMemory<byte> HeaderBytes, EnvelopeHeader Header, CompositeSignature Signature, IReadOnlyList<WireView> Views, IReadOnlyList<WireStanza> Stanzas);
