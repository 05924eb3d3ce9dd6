using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// The byte strings that bind ciphertexts to their envelope and recipient (envelope-v1.md §7, §8). Variable-length agency ids come
/// last, so the concatenations are unambiguous without length prefixes.
/// </summary>
internal static class Bindings
{
    public const string SignaturePurpose = "broker/v1/envelope";

    /// <summary>View AEAD aad: "broker/v1/view" ‖ suite ‖ view index ‖ envelope id ‖ sender key id ‖ sender agency.</summary>
    public static byte[] ViewAad(int suite, int viewIndex, EnvelopeId id, KeyId senderKey, AgencyId sender) =>
        [.. "broker/v1/view"u8, (byte)suite, (byte)viewIndex, .. id.Bytes, .. senderKey.Bytes, .. System.Text.Encoding.ASCII.GetBytes(sender.Value)];

    /// <summary>Stanza HPKE info: "broker/v1/stanza" ‖ SHA-256(header bytes) ‖ recipient key id ‖ recipient agency.</summary>
    public static byte[] StanzaInfo(ReadOnlySpan<byte> headerHash, KeyId recipientKey, AgencyId recipient) =>
        [.. "broker/v1/stanza"u8, .. headerHash, .. recipientKey.Bytes, .. System.Text.Encoding.ASCII.GetBytes(recipient.Value)];
}
