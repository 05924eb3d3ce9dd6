using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Broker.Protocol.Crypto;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Protocol.Envelopes;

public static partial class Envelope
{
    /// <summary>
    /// Verifies (as <see cref="TryVerify"/>), then opens the view addressed to <paramref name="recipient"/>: finds its header entry and
    /// stanza, unwraps the content key with HPKE bound to the header hash and its own identity, checks the key commitment in
    /// constant time before decrypting, then decrypts the view.
    /// </summary>
    public static bool TryOpen(ReadOnlyMemory<byte> envelope, AgencyKeys recipient, TrustRegistry registry, DateTimeOffset now, [NotNullWhen(true)] out OpenedEnvelope? opened, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        opened = null;
        if (!TryVerify(envelope, registry, now, out var verified, out reason))
        {
            return false;
        }

        var wire = verified.Wire;
        var header = wire.Header;
        var index = header.Recipients.ToList().FindIndex(r => r.Agency == recipient.Agency);
        reason = index < 0 ? RejectReason.NotARecipient
            : header.Recipients[index].EncryptionKeyId != recipient.Encryption.Id ? RejectReason.RecipientKeyMismatch
            : RejectReason.None;
        if (reason != RejectReason.None)
        {
            return false;
        }

        var entry = header.Recipients[index];
        var stanza = wire.Stanzas.FirstOrDefault(s => s.RecipientIndex == index);
        var view = wire.Views.FirstOrDefault(v => v.Index == entry.ViewIndex);
        reason = stanza is null ? RejectReason.StanzaMissing : view is null ? RejectReason.ViewMissing : RejectReason.None;
        if (reason != RejectReason.None)
        {
            return false;
        }

        reason = Decrypt(wire, entry, stanza!, view!, recipient, out var plaintext);
        if (reason != RejectReason.None)
        {
            return false;
        }

        opened = new OpenedEnvelope(header, entry.ViewIndex, header.Views[entry.ViewIndex].DataClasses, plaintext!);
        return true;
    }

    private static RejectReason Decrypt(EnvelopeWire wire, HeaderRecipient entry, WireStanza stanza, WireView view, AgencyKeys recipient, out byte[]? plaintext)
    {
        plaintext = null;
        var header = wire.Header;
        var info = Bindings.StanzaInfo(SHA256.HashData(wire.HeaderBytes.Span), entry.EncryptionKeyId, entry.Agency);
        if (!Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, recipient.Encryption.Key, stanza.Enc.Span, info, [], stanza.WrappedKey.Span, out var cek))
        {
            return RejectReason.StanzaOpenFailed;
        }

        try
        {
            if (cek!.Length != ViewKeys.CekLength)
            {
                return RejectReason.StanzaOpenFailed;
            }

            using var keys = ViewKeys.Derive(cek);
            if (!CryptographicOperations.FixedTimeEquals(keys.Commitment, header.Views[view.Index].KeyCommitment))
            {
                return RejectReason.KeyCommitmentMismatch;
            }

            var aad = Bindings.ViewAad(header.Suite, view.Index, header.Id, header.SenderKeyId, header.Sender);
            return Aes256Gcm.TryOpen(keys.Key, keys.Nonce, view.Ciphertext.Span, aad, out plaintext) ? RejectReason.None : RejectReason.ViewDecryptionFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }
    }
}
