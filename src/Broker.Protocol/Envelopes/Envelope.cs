using System.Diagnostics.CodeAnalysis;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// The four roles of protocol v1 (envelope-v1.md): a gateway seals, the hub verifies and strips without any private key, a recipient
/// gateway opens. Every <c>TryXxx</c> returns false with a <see cref="RejectReason"/> and never throws on hostile input; misuse by
/// the caller (a request that cannot be sealed) throws <see cref="ArgumentException"/>.
/// </summary>
public static partial class Envelope
{
    /// <summary>Signs and seals with fresh randomness; see <see cref="SealRequest"/> for what is refused.</summary>
    public static byte[] Seal(SealRequest request, AgencyKeys sender) => Seal(request, sender, SystemEntropy.Instance);

    /// <summary>Parses the envelope and returns its header, with no signature or time check: for routing and display only.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> envelope, [NotNullWhen(true)] out EnvelopeHeader? header, out RejectReason reason)
    {
        header = null;
        if (envelope.Length > ProtocolLimits.MaxEnvelopeBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        if (!EnvelopeCodec.TryRead(envelope.ToArray(), out var wire, out reason))
        {
            return false;
        }

        header = wire!.Header;
        return true;
    }

    /// <summary>
    /// The exact signed header bytes of an envelope (map key 1, envelope-v1.md §4), after the same strict parse as
    /// <see cref="TryReadHeader"/>, with no signature or time check: what the audit log records of an envelope it received.
    /// </summary>
    public static bool TryReadSignedHeader(ReadOnlyMemory<byte> envelope, out ReadOnlyMemory<byte> headerBytes, out RejectReason reason)
    {
        headerBytes = default;
        if (!EnvelopeCodec.TryRead(envelope, out var wire, out reason))
        {
            return false;
        }

        headerBytes = wire!.HeaderBytes;
        return true;
    }

    /// <summary>
    /// Removes the stanzas of every recipient not in <paramref name="keep"/> and every view no kept recipient uses. The header and
    /// signature are untouched, so each kept recipient still verifies and opens the result. Agencies in <paramref name="keep"/> that
    /// have no stanza are ignored.
    /// </summary>
    public static byte[] Strip(VerifiedEnvelope envelope, IReadOnlyCollection<Vocabulary.AgencyId> keep)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(keep);
        var wire = envelope.Wire;
        var recipients = wire.Header.Recipients;
        var stanzas = wire.Stanzas.Where(s => keep.Contains(recipients[s.RecipientIndex].Agency)).ToList();
        var usedViews = stanzas.Select(s => recipients[s.RecipientIndex].ViewIndex).ToHashSet();
        var views = wire.Views.Where(v => usedViews.Contains(v.Index)).ToList();
        return EnvelopeCodec.Write(wire with { Views = views, Stanzas = stanzas });
    }
}
