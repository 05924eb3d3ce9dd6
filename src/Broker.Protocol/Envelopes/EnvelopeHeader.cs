using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

/// <summary>An addressed recipient as signed in the header: the agency, the view it gets and the key its stanza is wrapped to.</summary>
public sealed record HeaderRecipient(AgencyId Agency, int ViewIndex, KeyId EncryptionKeyId);

/// <summary>A view as signed in the header: its data classes, SHA-256 of its ciphertext and the commitment to its content key.</summary>
public sealed record HeaderView(int Index, IReadOnlyList<DataClass> DataClasses, byte[] CiphertextHash, byte[] KeyCommitment);

/// <summary>
/// Everything that is signed and that the hub reads without keys (envelope-v1.md §4.1). The header never changes after sealing:
/// stripping removes stanzas and views only, so the header hash and the signature stay valid for every remaining recipient.
/// Recipients are sorted by agency id (ordinal) and unique; views are listed in index order.
/// </summary>
public sealed record EnvelopeHeader
{
    public required int Suite { get; init; }

    public required AgencyId Sender { get; init; }

    public required KeyId SenderKeyId { get; init; }

    public required EnvelopeId Id { get; init; }

    public required MessageKind Kind { get; init; }

    public EnvelopeId? InReplyTo { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required Category Category { get; init; }

    public required Priority Priority { get; init; }

    public required Tlp Tlp { get; init; }

    public required Classification Classification { get; init; }

    public required HandlingCodes Handling { get; init; }

    public required bool Broadcast { get; init; }

    public required IReadOnlyList<HeaderRecipient> Recipients { get; init; }

    public required IReadOnlyList<HeaderView> Views { get; init; }

    /// <summary>The header entry of an agency, or null when it was not addressed.</summary>
    public HeaderRecipient? FindRecipient(AgencyId agency) => Recipients.FirstOrDefault(r => r.Agency == agency);
}
