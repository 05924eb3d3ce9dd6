using System.Security.Cryptography;
using System.Text.Json;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.EnvelopeVectors;

internal static partial class EnvelopeVectorGenerator
{
    internal static readonly ViewContent FullView = new(
        [DataClass.PersonalIdentity, DataClass.FinancialAccount],
        """{"title":"Methamphetamine shipment via Laem Chabang","suspect":"SOMCHAI K.","account":"TH-0042-7781"}"""u8.ToArray());

    internal static readonly ViewContent RedactedView = new([DataClass.OperationalGeneral], """{"title":"Methamphetamine shipment via Laem Chabang"}"""u8.ToArray());

    internal static readonly ViewContent ReplyView = new([], """{"reply":"Received; suspect known to us."}"""u8.ToArray());

    private sealed record SealedCase(string Name, string Sender, byte[] Envelope, SealRequest Request);

    private static List<SealedCase> WriteCases(Utf8JsonWriter json, TrustRegistry registry)
    {
        var first = new SealedCase("two-views-three-recipients", "TH-ONCB", [], Request("0123456789abcdef0123456789abcdef", [FullView, RedactedView], ("RU-MVD", 0), ("MY-PDRM", 1), ("SG-CNB", 1)));
        var second = new SealedCase("reply-one-recipient", "RU-MVD", [], Request("fedcba9876543210fedcba9876543210", [ReplyView], ("TH-ONCB", 0)) with
        {
            Kind = MessageKind.Reply,
            InReplyTo = EnvelopeId.Parse("0123456789abcdef0123456789abcdef"),
            Tlp = Tlp.Green,
            Handling = HandlingCodes.None,
        });
        var cases = new List<SealedCase>();
        json.WriteStartArray("sealed");
        foreach (var (c, seed) in new[] { (first, (byte)0x01), (second, (byte)0x02) })
        {
            using var sender = VectorWorld.Keys(c.Sender);
            var envelope = Envelope.Seal(c.Request, sender, new SeededEntropy(VectorWorld.Fill(seed)));
            cases.Add(c with { Envelope = envelope });
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteString("sender", c.Sender);
            Hex(json, "entropy_seed", VectorWorld.Fill(seed));
            WriteRequest(json, c.Request);
            WriteIntermediates(json, envelope, c.Request, VectorWorld.Fill(seed));
            Hex(json, "envelope", envelope);
            WriteOutcomes(json, envelope, registry);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("stripped");
        foreach (var keep in new[] { new[] { "RU-MVD" }, ["MY-PDRM", "SG-CNB"], [] })
        {
            Envelope.TryVerify(cases[0].Envelope, registry, VectorWorld.Now, out var verified, out _);
            var stripped = Envelope.Strip(verified!, keep.Select(AgencyId.Parse).ToList());
            json.WriteStartObject();
            json.WriteString("from", cases[0].Name);
            json.WriteStartArray("keep");
            keep.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            Hex(json, "envelope", stripped);
            WriteOutcomes(json, stripped, registry);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        return cases;
    }

    private static void WriteRequest(Utf8JsonWriter json, SealRequest r)
    {
        json.WriteStartObject("request");
        json.WriteString("id", r.Id.ToString());
        json.WriteNumber("kind", (int)r.Kind);
        if (r.InReplyTo is { } replyTo)
        {
            json.WriteString("in_reply_to", replyTo.ToString());
        }

        json.WriteNumber("created_ms", r.Created.ToUnixTimeMilliseconds());
        json.WriteNumber("expires_ms", r.Expires.ToUnixTimeMilliseconds());
        json.WriteNumber("category", (int)r.Category);
        json.WriteNumber("priority", (int)r.Priority);
        json.WriteNumber("tlp", (int)r.Tlp);
        json.WriteNumber("classification", (int)r.Classification);
        json.WriteNumber("handling", (int)r.Handling);
        json.WriteBoolean("broadcast", r.Broadcast);
        json.WriteStartArray("views");
        foreach (var v in r.Views)
        {
            json.WriteStartObject();
            json.WriteStartArray("data_classes");
            v.DataClasses.Select(c => c.Value).Order(StringComparer.Ordinal).ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            Hex(json, "plaintext", v.Plaintext.Span);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("recipients");
        foreach (var recipient in r.Recipients)
        {
            json.WriteStartObject();
            json.WriteString("agency", recipient.Agency.Value);
            json.WriteNumber("view", recipient.ViewIndex);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Every derived value an independent implementation may want to compare step by step.</summary>
    private static void WriteIntermediates(Utf8JsonWriter json, byte[] envelope, SealRequest request, byte[] entropySeed)
    {
        var wire = Support.Tamper.Parse(envelope);
        var header = wire.Header;
        var entropy = new SeededEntropy(entropySeed);
        var headerHash = SHA256.HashData(wire.HeaderBytes.Span);
        json.WriteStartObject("intermediates");
        Hex(json, "header", wire.HeaderBytes.Span);
        Hex(json, "header_sha256", headerHash);
        Hex(json, "signature_transcript", CompositeSignature.Transcript(Suite.V1Hybrid, "broker/v1/envelope"u8, wire.HeaderBytes.Span));
        json.WriteStartArray("views");
        for (var i = 0; i < request.Views.Count; i++)
        {
            var cek = new byte[32];
            entropy.Fill(cek);
            using var keys = ViewKeys.Derive(cek);
            json.WriteStartObject();
            Hex(json, "cek", cek);
            Hex(json, "view_key", keys.Key);
            Hex(json, "view_nonce", keys.Nonce);
            Hex(json, "key_commitment", keys.Commitment);
            Hex(json, "aad", Bindings.ViewAad(header.Suite, i, header.Id, header.SenderKeyId, header.Sender));
            Hex(json, "ciphertext_sha256", header.Views[i].CiphertextHash);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("stanzas");
        foreach (var recipient in header.Recipients)
        {
            var eseed = new byte[64];
            entropy.Fill(eseed);
            json.WriteStartObject();
            json.WriteString("agency", recipient.Agency.Value);
            Hex(json, "eseed", eseed);
            Hex(json, "hpke_info", Bindings.StanzaInfo(headerHash, recipient.EncryptionKeyId, recipient.Agency));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What each of the four agencies gets when it opens the envelope: the view and plaintext, or the reject code.</summary>
    private static void WriteOutcomes(Utf8JsonWriter json, byte[] envelope, TrustRegistry registry)
    {
        json.WriteStartArray("open");
        foreach (var agency in VectorWorld.Agencies)
        {
            using var keys = VectorWorld.Keys(agency);
            json.WriteStartObject();
            json.WriteString("agency", agency);
            if (Envelope.TryOpen(envelope, keys, registry, VectorWorld.Now, out var opened, out var reason))
            {
                json.WriteNumber("view", opened.ViewIndex);
                Hex(json, "plaintext", opened.Plaintext);
            }
            else
            {
                json.WriteNumber("reject", (int)reason);
                json.WriteString("reject_name", reason.ToString());
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
