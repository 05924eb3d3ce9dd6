using System.Security.Cryptography;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.AuditEntries;

/// <summary>
/// Sample audit records; the "sealed envelope" is random bytes, which is all the log ever sees of one. Broker.Audit.Tests compiles
/// this file too, so the codec and the log are tested with the same records.
/// </summary>
internal static class Records
{
    public static readonly AgencyId Thai = AgencyId.Parse("TH-ONCB");
    public static readonly AgencyId Russian = AgencyId.Parse("RU-MVD");
    public static readonly AgencyId Malaysian = AgencyId.Parse("MY-PDRM");

    public static (EnvelopeReceived Record, byte[] Envelope) Received(int seed, AgencyId? sender = null)
    {
        var envelope = new byte[200 + seed];
        new Random(seed).NextBytes(envelope);
        var record = new EnvelopeReceived
        {
            EnvelopeId = EnvelopeId(seed),
            Sender = sender ?? Thai,
            Category = Category.DrugTrafficking,
            EnvelopeHash = SHA256.HashData(envelope),
            EnvelopeSize = envelope.Length,
            SignedHeader = envelope[..64],
        };
        return (record, envelope);
    }

    public static DecisionRecorded Decision(int seed, AgencyId recipient, RecordedOutcome outcome = RecordedOutcome.Allow) => new()
    {
        EnvelopeId = EnvelopeId(seed),
        Origin = Thai,
        Recipient = recipient,
        Category = Category.DrugTrafficking,
        Outcome = outcome,
        Reason = outcome == RecordedOutcome.Allow ? "None" : "InboundRuleDenies",
        Rule = outcome == RecordedOutcome.Allow ? "TH/3/share-drugs-asean" : "RU/2/no-amber",
        OriginPolicyVersion = 3,
        DestinationPolicyVersion = 2,
        DecidedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
    };

    public static EnvelopeVerified Verified(int seed, bool accepted = true) => new()
    {
        EnvelopeId = EnvelopeId(seed),
        Accepted = accepted,
        Reason = accepted ? "None" : "SignatureInvalid",
        RegistryVersion = 1,
        VerifiedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
    };

    public static DeliveryRecorded Delivery(int seed, AgencyId recipient) => new()
    {
        EnvelopeId = EnvelopeId(seed),
        Recipient = recipient,
        DeliveredHash = SHA256.HashData([(byte)seed]),
    };

    public static string EnvelopeId(int seed) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(seed))[..16]);
}
