using System.Text.Json;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Receipts;
using Broker.Protocol.Transparency;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Compatibility;

/// <summary>
/// The values the bytes of pre-move-bytes.json were written from (by the encoders as they were before the move), and the file
/// itself. Every field is fixed, so the same values must give the same bytes for as long as the formats are version 1.
/// </summary>
internal static class PreMoveBytes
{
    public static readonly DateTimeOffset At = new(2026, 11, 1, 8, 0, 0, 123, TimeSpan.Zero);
    public const long EntryIndex = 300_000;
    private const string Envelope = "00112233445566778899aabbccddeeff";

    private static readonly Lazy<JsonElement> File = new(() =>
    {
        using var stream = typeof(PreMoveBytes).Assembly.GetManifestResourceStream("pre-move-bytes.json")
            ?? throw new InvalidOperationException("pre-move-bytes.json is not embedded in the test assembly.");
        return JsonDocument.Parse(stream).RootElement.Clone();
    });

    private static readonly AgencyId Thai = AgencyId.Parse("TH-ONCB");
    private static readonly AgencyId Russian = AgencyId.Parse("RU-MVD");

    public static byte[] Hex(string name) => Convert.FromHexString(File.Value.GetProperty(name).GetString()!);

    public static byte[] EntryHex(string name) => Convert.FromHexString(File.Value.GetProperty("entries").GetProperty(name).GetString()!);

    public static byte[] Fill(int count, byte start) => Enumerable.Range(0, count).Select(i => (byte)(start + i)).ToArray();

    public static IEnumerable<TestCaseData> Entries()
    {
        foreach (var (name, record) in Records())
        {
            yield return new TestCaseData(name, record).SetArgDisplayNames(name);
        }
    }

    public static IEnumerable<(string Name, AuditRecord Record)> Records()
    {
        yield return ("EnvelopeReceived", new EnvelopeReceived { EnvelopeId = Envelope, Sender = Thai, Category = Category.DrugTrafficking, EnvelopeHash = Fill(32, 0x10), EnvelopeSize = 70000, SignedHeader = Fill(40, 0xA0) });
        yield return ("EnvelopeVerified", new EnvelopeVerified { EnvelopeId = Envelope, Accepted = false, Reason = "Ed25519SignatureInvalid", RegistryVersion = 7, VerifiedAt = At });
        yield return ("DecisionAllow", Decision(RecordedOutcome.Allow, Category.MoneyLaundering, "None", "TH/3/outbound/share + RU/2/inbound/take", 2, 1));
        yield return ("DecisionDeny", Decision(RecordedOutcome.Deny, Category.Corruption, "NoMatchingRule", "", 0, -1));
        yield return ("DecisionWithheld", Decision(RecordedOutcome.Withheld, Category.Cybercrime, "None", "TH/3/outbound/share", 2, -1));
        yield return ("Delivery", new DeliveryRecorded { EnvelopeId = Envelope, Recipient = Russian, DeliveredHash = Fill(32, 0x40) });
        yield return ("Receipt", new ReceiptRecorded { EnvelopeId = Envelope, From = Russian, ReceiptKind = "acknowledged", SignedReceipt = Fill(3, 1) });
        yield return ("RegistryChanged", new RegistryChanged { Version = 4, SignedRegistry = Fill(300, 0) });
        yield return ("PolicyChanged", new PolicyChanged { Country = new CountryCode("TH"), Version = 3, Document = Fill(5, 0x30), Signature = Fill(2, 0x50) });
        yield return ("RoutingReceipt", new RoutingReceiptIssued { EnvelopeId = Envelope, Sender = Thai, Payload = Fill(3, 0xA1) });
        yield return ("IngressRefused", new IngressRefused { Code = "sender-mismatch", Reason = "spoofed", AuthenticatedUser = "RU-MVD", EnvelopeId = Envelope, BodySize = 900, BodyHash = Fill(32, 0x60), RefusedAt = At });
        yield return ("IngressRefusedNoId", new IngressRefused { Code = "too-large", Reason = "over the cap", AuthenticatedUser = "", BodySize = 10_000_000, BodyHash = [], RefusedAt = At });
    }

    public static SignedTreeHead TreeHead => new()
    {
        LogId = "broker-audit",
        TreeSize = 1234,
        Timestamp = At,
        RootHash = MerkleHash.Leaf("root"u8),
        Signature = Fill(20, 0x70),
    };

    public static InclusionReceipt Inclusion => new()
    {
        EntryIndex = 1000,
        LeafHash = MerkleHash.Leaf("leaf"u8),
        Path = [MerkleHash.Leaf("a"u8), MerkleHash.Leaf("b"u8)],
        TreeHead = TreeHead,
    };

    public static RoutingReceipt FullReceipt => new()
    {
        ReceiptId = "r-1",
        HubId = "hub-1",
        Sender = Thai,
        EnvelopeId = Envelope,
        IssuedAt = At,
        Outcome = ReceiptOutcome.Rejected,
        RejectCode = "policy-denied",
        RejectReason = "no rule",
        DeliveredTo = [Russian, AgencyId.Parse("MY-PDRM")],
        Withheld = [new WithheldRecipient(AgencyId.Parse("SG-CNB"), "policy-denied", "no rule")],
    };

    public static RoutingReceipt MinimalReceipt => new() { ReceiptId = "r-2", HubId = "hub-1", Sender = Thai, IssuedAt = At, Outcome = ReceiptOutcome.Routed };

    private static DecisionRecorded Decision(RecordedOutcome outcome, Category category, string reason, string rule, long destinationVersion, int view) => new()
    {
        EnvelopeId = Envelope,
        Origin = Thai,
        Recipient = Russian,
        Category = category,
        Outcome = outcome,
        Reason = reason,
        Rule = rule,
        OriginPolicyVersion = 3,
        DestinationPolicyVersion = destinationVersion,
        ViewIndex = view,
        DecidedAt = At,
    };
}
