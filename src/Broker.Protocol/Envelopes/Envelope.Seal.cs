using System.Security.Cryptography;
using Broker.Protocol.Crypto;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Envelopes;

public static partial class Envelope
{
    /// <summary>Seal with an injected randomness source; a <see cref="SeededEntropy"/> makes the output reproducible (test vectors).</summary>
    internal static byte[] Seal(SealRequest request, AgencyKeys sender, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sender);
        SealValidation.Check(request);
        var suite = Suite.V1Hybrid;
        var recipients = request.Recipients.OrderBy(r => r.Agency.Value, StringComparer.Ordinal).ToList();

        var ceks = new byte[request.Views.Count][];
        var wireViews = new WireView[request.Views.Count];
        var headerViews = new HeaderView[request.Views.Count];
        for (var i = 0; i < request.Views.Count; i++)
        {
            ceks[i] = new byte[ViewKeys.CekLength];
            entropy.Fill(ceks[i]);
            using var keys = ViewKeys.Derive(ceks[i]);
            var aad = Bindings.ViewAad(suite, i, request.Id, sender.Signing.Id, sender.Agency);
            var ciphertext = Aes256Gcm.Seal(keys.Key, keys.Nonce, request.Views[i].Plaintext.Span, aad);
            var classes = request.Views[i].DataClasses.Distinct().OrderBy(c => c.Value, StringComparer.Ordinal).ToList();
            wireViews[i] = new WireView(i, ciphertext);
            headerViews[i] = new HeaderView(i, classes, SHA256.HashData(ciphertext), keys.Commitment);
        }

        var header = new EnvelopeHeader
        {
            Suite = suite,
            Sender = sender.Agency,
            SenderKeyId = sender.Signing.Id,
            Id = request.Id,
            Kind = request.Kind,
            InReplyTo = request.InReplyTo,
            Created = Truncate(request.Created),
            Expires = Truncate(request.Expires),
            Category = request.Category,
            Priority = request.Priority,
            Tlp = request.Tlp,
            Classification = request.Classification,
            Handling = request.Handling,
            Broadcast = request.Broadcast,
            Recipients = recipients.Select(r => new HeaderRecipient(r.Agency, r.ViewIndex, r.Key.Id)).ToList(),
            Views = headerViews,
        };
        var headerBytes = HeaderCodec.Write(header);
        var headerHash = SHA256.HashData(headerBytes);

        // Ephemeral seeds are drawn in recipient order before the parallel part, so a seeded source gives the same bytes every time.
        var seeds = recipients.Select(_ => { var s = new byte[XWing.EncapsulationSeedSize]; entropy.Fill(s); return s; }).ToArray();
        var stanzas = new WireStanza[recipients.Count];
        try
        {
            Parallel.For(0, recipients.Count, i =>
            {
                stanzas[i] = Wrap(recipients[i], i, headerHash, ceks[recipients[i].ViewIndex], seeds[i]);
                CryptographicOperations.ZeroMemory(seeds[i]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is ArgumentException))
        {
            // A refused recipient key (e.g. a small-order X25519 half, envelope-v1.md §8) surfaces as the ArgumentException it is.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        foreach (var cek in ceks)
        {
            CryptographicOperations.ZeroMemory(cek);
        }

        var signatureBytes = DetachedSignature.Sign(Bindings.SignaturePurpose, headerBytes, sender.Signing, entropy.Deterministic);
        var signature = Encoding.Cbor.TryDecode(signatureBytes, 4096, CompositeSignature.Read, out var parsed, out _) ? parsed! : throw new InvalidOperationException("The composite signature could not be re-read.");
        var envelope = EnvelopeCodec.Write(new EnvelopeWire(headerBytes, header, signature, wireViews, stanzas));
        return envelope.Length <= ProtocolLimits.MaxEnvelopeBytes
            ? envelope
            : throw new ArgumentException($"The sealed envelope would exceed {ProtocolLimits.MaxEnvelopeBytes} bytes.", nameof(request));
    }

    private static WireStanza Wrap(RecipientSpec recipient, int index, byte[] headerHash, byte[] cek, byte[] seed)
    {
        var info = Bindings.StanzaInfo(headerHash, recipient.Key.Id, recipient.Agency);
        if (!Hpke.TrySetupSender(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, HpkeMode.Base, recipient.Key.Bytes, info, [], [], [], seed, out var enc, out var context))
        {
            throw new ArgumentException($"The encryption key {recipient.Key.Id} of {recipient.Agency} is not a valid X-Wing key.", nameof(recipient));
        }

        using (context)
        {
            return new WireStanza(index, enc, context.Seal([], cek));
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
