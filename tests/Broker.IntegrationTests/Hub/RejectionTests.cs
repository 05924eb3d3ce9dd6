using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Receipts;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Hub;

/// <summary>Spoofed, forged, replayed, expired and poison messages on a real node: dead-lettered with reasons, nothing delivered, the queue keeps flowing.</summary>
[TestFixture]
public sealed class RejectionTests : CoreTestBase
{
    [Test, CancelAfter(120_000)]
    public async Task PublishWithAnotherAgencysUserId_BrokerClosesChannelWith406AndNothingIsDelivered(CancellationToken cancellationToken)
    {
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        await StartHubAsync("a", cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var body = World.Seal("MY-PDRM", ["RU-MVD"]);

        var closed = await AmqpRefusals.ChannelClosedByAsync(channel, () => PublishAsync(channel, "TH-ONCB", body, userId: "MY-PDRM", cancellationToken: cancellationToken), Timeout, cancellationToken);

        Assert.That(closed.ReplyCode, Is.EqualTo(AmqpRefusals.PreconditionFailed));
        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task PublishWithoutUserId_DeadLetteredUserIdMissing(CancellationToken cancellationToken)
    {
        var (russia, deadLetters, channel) = await PrepareAsync(cancellationToken);
        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"]), userId: null, messageId: "no-user", cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync("no-user", Timeout, cancellationToken);
        Assert.That(letter.Header("x-reject-code"), Is.EqualTo("user-id-missing"));
        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task EnvelopeSignedWithAnotherAgencysKey_DeadLetteredAndSenderGetsRejectionReceipt(CancellationToken cancellationToken)
    {
        var (russia, deadLetters, channel) = await PrepareAsync(cancellationToken);
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        // TH-ONCB's header, signed with RU-MVD's signing key.
        using var forger = new AgencyKeys(World["TH-ONCB"].Agency, SigningKeyPair.FromSeed(CoreWorld.Seed(0x51, 1)), EncryptionKeyPair.FromSeed(CoreWorld.Seed(0xE1, 0)));
        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], signWith: forger), messageId: "forged", cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync("forged", Timeout, cancellationToken);
        Assert.That(letter.Header("x-reject-code"), Is.EqualTo("unknown-key"));
        var receipt = await thailand.WaitForAsync(m => m.Type == RoutingReceiptCodec.AmqpType, Timeout, "the rejection receipt", cancellationToken);
        Assert.That(RoutingReceiptCodec.TryVerify(receipt.Body, World.Registry, out var parsed, out _) && parsed.RejectCode == "unknown-key", Is.True);
        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task SameEnvelopePublishedTwice_SecondDeadLetteredAsReplayed(CancellationToken cancellationToken)
    {
        var (russia, deadLetters, channel) = await PrepareAsync(cancellationToken);
        var id = EnvelopeId.New();
        var body = World.Seal("TH-ONCB", ["RU-MVD"], id);
        await PublishAsync(channel, "TH-ONCB", body, messageId: id.ToString(), cancellationToken: cancellationToken);
        await russia.WaitForMessageIdAsync(id.ToString(), Timeout, cancellationToken);
        await PublishAsync(channel, "TH-ONCB", body, messageId: id.ToString(), cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync(id.ToString(), Timeout, cancellationToken);
        Assert.That(letter.Header("x-reject-code"), Is.EqualTo("replayed"));
        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken, alreadyDelivered: 1);
    }

    [Test, CancelAfter(120_000)]
    public async Task ExpiredEnvelope_DeadLetteredExpired(CancellationToken cancellationToken)
    {
        var (russia, deadLetters, channel) = await PrepareAsync(cancellationToken);
        var body = World.Seal("TH-ONCB", ["RU-MVD"], created: TimeProvider.System.GetUtcNow().AddHours(-2), lifetime: TimeSpan.FromHours(1));
        await PublishAsync(channel, "TH-ONCB", body, messageId: "expired", cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync("expired", Timeout, cancellationToken);
        Assert.That(letter.Header("x-reject-code"), Is.EqualTo("expired"));
        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task PoisonMessages_DeadLetteredWithReasonsAndAValidEnvelopeAfterThemIsDelivered(CancellationToken cancellationToken)
    {
        var (russia, deadLetters, channel) = await PrepareAsync(cancellationToken);
        await PublishAsync(channel, "TH-ONCB", "not cbor at all"u8.ToArray(), messageId: "text", cancellationToken: cancellationToken);
        await PublishAsync(channel, "TH-ONCB", new byte[(1024 * 1024) + 1], messageId: "huge", cancellationToken: cancellationToken);
        await PublishAsync(channel, "TH-ONCB", new byte[] { 0xA2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x02 }, messageId: "garbage", cancellationToken: cancellationToken);

        var text = await deadLetters.WaitForMessageIdAsync("text", Timeout, cancellationToken);
        var huge = await deadLetters.WaitForMessageIdAsync("huge", Timeout, cancellationToken);
        var garbage = await deadLetters.WaitForMessageIdAsync("garbage", Timeout, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.Header("x-reject-code"), Is.Not.Null.And.Not.EqualTo("too-large"));
            Assert.That(huge.Header("x-reject-code"), Is.EqualTo("too-large"));
            Assert.That(huge.Body, Is.Empty);
            Assert.That(garbage.Header("x-reject-code"), Is.Not.Null.And.Not.EqualTo("too-large"));
            Assert.That(garbage.Header("x-reject-reason"), Is.Not.Empty);
        }

        await AssertNothingDeliveredAfterAValidEnvelopeAsync(russia, cancellationToken);
    }

    private async Task<(MessageCollector Russia, MessageCollector DeadLetters, RabbitMQ.Client.IChannel Channel)> PrepareAsync(CancellationToken cancellationToken)
    {
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var deadLetters = await CollectDeadLettersAsync(cancellationToken);
        await StartHubAsync("a", cancellationToken);
        return (russia, deadLetters, await AgencyChannelAsync("TH-ONCB", cancellationToken));
    }

    /// <summary>Sends a valid envelope behind the bad ones; once it arrives the bad ones were processed, so nothing else may be there.</summary>
    private async Task AssertNothingDeliveredAfterAValidEnvelopeAsync(MessageCollector russia, CancellationToken cancellationToken, int alreadyDelivered = 0)
    {
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var id = EnvelopeId.New().ToString();
        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken);
        await russia.WaitForMessageIdAsync(id, Timeout, cancellationToken);
        Assert.That(russia.Messages.Count(m => m.Type == "broker.envelope.v1"), Is.EqualTo(alreadyDelivered + 1));
    }
}
