using Broker.Hosting.Policies;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;
using Broker.Testing;
using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.IntegrationTests.Hub;

/// <summary>The hub enforces the signed policies on its own, and picks up a new signed version while running.</summary>
[TestFixture]
public sealed class HubPolicyTests : CoreTestBase
{
    private static readonly string[] OnlyRussia = ["RU-MVD"];

    internal static async Task<RoutingReceipt> ReceiptForAsync(MessageCollector queue, EnvelopeId id, CancellationToken cancellationToken)
    {
        RoutingReceipt? found = null;
        await queue.WaitForAsync(m => m.Type == RoutingReceiptCodec.AmqpType && RoutingReceiptCodec.TryVerify(m.Body, World.Registry, out found, out _) && found.EnvelopeId == id.ToString(),
            Timeout, $"the routing receipt for {id}", cancellationToken);
        return found!;
    }

    [Test, CancelAfter(60_000)]
    public async Task RecipientThePolicyForbids_StrippedAtHubEvenWhenTheSenderSealedToIt(CancellationToken cancellationToken)
    {
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        await StartHubAsync("p", cancellationToken, policies: WritePolicies("th-to-ru", OpenPolicies.Only("TH", "RU")));
        var id = EnvelopeId.New();
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);

        // Sealed directly, as a misbehaving gateway would: Thailand's policy does not send to Malaysia.
        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM"], id), messageId: id.ToString(), cancellationToken: cancellationToken);

        var copy = await russia.WaitForMessageIdAsync(id.ToString(), Timeout, cancellationToken);
        var receipt = await ReceiptForAsync(thailand, id, cancellationToken);
        Assert.That(Envelope.TryVerify(copy.Body, World.Registry, TimeProvider.System.GetUtcNow(), out var verified, out var reason), Is.True, reason.ToString());
        using var management = new RabbitMqManagement();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified!.PresentRecipients, Is.EqualTo(new[] { AgencyId.Parse("RU-MVD") }));
            Assert.That(receipt.DeliveredTo.Select(a => a.Value), Is.EqualTo(OnlyRussia));
            Assert.That(receipt.Withheld.Select(w => (w.Agency.Value, w.Code)), Is.EqualTo(new[] { ("MY-PDRM", "policy-no-matching-rule") }));
            Assert.That(await management.MessageCountAsync(Sandbox.Hub, "deliver.MY-PDRM", cancellationToken), Is.Zero);
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task NewPolicyVersion_UnsignedRefusedThenSignedTakesEffectWithoutRestart(CancellationToken cancellationToken)
    {
        var malaysia = await CollectDeliveriesAsync("MY-PDRM", cancellationToken);
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        var folder = WritePolicies("th-to-ru", OpenPolicies.Only("TH", "RU"));
        var hub = await StartHubAsync("p", cancellationToken, policies: folder);
        var source = hub.Services.GetRequiredService<PolicyFolder>();
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);

        async Task<RoutingReceipt> SendToMalaysiaAsync()
        {
            var id = EnvelopeId.New();
            await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["MY-PDRM"], id), messageId: id.ToString(), cancellationToken: cancellationToken);
            return await ReceiptForAsync(thailand, id, cancellationToken);
        }

        var before = await SendToMalaysiaAsync();

        var v2 = OpenPolicies.Document("TH", 2, ["RU", "MY"]);
        OpenPolicies.Write(folder, "th-v2.policy.json", v2, sign: false);
        await Eventually.WaitForAsync(() => source.Refused >= 1, Timeout, "the unsigned version to be refused", cancellationToken);
        var whileUnsigned = await SendToMalaysiaAsync();

        OpenPolicies.WriteSignature(folder, "th-v2.policy.json", v2);
        await Eventually.WaitForAsync(() => source.Current.Latest(new CountryCode("TH"))?.Version == 2, Timeout, "the signed version to take effect", cancellationToken);
        var after = await SendToMalaysiaAsync();
        var delivered = await malaysia.WaitForMessageIdAsync(after.EnvelopeId!, Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Withheld.Single().Code, Is.EqualTo("policy-no-matching-rule"));
            Assert.That(whileUnsigned.Withheld.Single().Code, Is.EqualTo("policy-no-matching-rule"), "the last good version stays in force");
            Assert.That(after.DeliveredTo.Single().Value, Is.EqualTo("MY-PDRM"));
            Assert.That(delivered.Type, Is.EqualTo("broker.envelope.v1"));
            Assert.That(malaysia.Messages.Count(m => m.Type == "broker.envelope.v1"), Is.EqualTo(1));
        }
    }
}
