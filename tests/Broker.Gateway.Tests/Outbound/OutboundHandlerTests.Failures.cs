using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>Every handler failure is classified (protocols/amqp.md §2.7): permanent refused at once, transient retried a bounded number of times.</summary>
public partial class OutboundHandlerTests
{
    // A fault inside the pure step (here the validator's clock) recurs on every redelivery: refuse now, never requeue.
    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_FaultWhileDeciding_RefusedAsUnprocessableAtOnceWithDeadLetter(CancellationToken cancellationToken)
    {
        var handler = Handler(new AlertValidator(AgencyId.Parse("TH-ONCB"), AlertLimits.Default, new FaultyClock()));
        var body = Samples.Bytes(Samples.ThOncb);
        var disposition = await handler.HandleAsync(Delivery(body, correlationId: "case-4711"), cancellationToken);
        await AssertRefusedAsync(disposition, body, "unprocessable", cancellationToken);
        Assert.That(_log.Entries.Select(e => e.EventName), Does.Contain("OutboundMessageUnprocessable"));
    }

    [Test]
    [CancelAfter(10_000)]
    public void HandleAsync_TransientFailureBeforeTheLastAttempt_ThrowsSoTheMessageIsRequeued()
    {
        _agency.FailuresLeft = 1;
        Assert.That(
            async () => await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb), DryRunAttempt(4)), CancellationToken.None),
            Throws.InstanceOf<IOException>());
        Assert.That(_log.Entries.Select(e => e.EventName), Does.Contain("OutboundAttemptFailed"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_TransientFailureOnTheLastAttempt_RefusedAsRetriesExhaustedAndAcked(CancellationToken cancellationToken)
    {
        _agency.FailuresLeft = 1;
        var body = Samples.Bytes(Samples.ThOncb);
        var disposition = await _handler.HandleAsync(Delivery(body, DryRunAttempt(5), correlationId: "case-4711"), cancellationToken);
        await AssertRefusedAsync(disposition, body, "retries-exhausted", cancellationToken);
        Assert.That(_log.Entries.Select(e => e.EventName), Does.Contain("OutboundRetriesExhausted"));
    }

    [TestCase(null, 1)]
    [TestCase(0L, 1)]
    [TestCase(4L, 5)]
    public void AttemptOf_DeliveryCountHeader_OneMore(long? returned, int attempt)
    {
        var headers = returned is null ? null : new Dictionary<string, object?> { ["x-delivery-count"] = returned };
        Assert.That(Broker.Gateway.Outbound.OutboundHandler.AttemptOf(Delivery([], headers)), Is.EqualTo(attempt));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_CorrelationIdAbsent_RefusalCorrelatesWithTheMessageId(CancellationToken cancellationToken)
    {
        var alert = Samples.Node();
        alert["tlp"] = "PURPLE";
        await _handler.HandleAsync(Delivery(Samples.Utf8(alert), messageId: "m-77"), cancellationToken);
        var rejected = _agency.Messages.Single(m => m.Exchange == "agency.inbound");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.CorrelationId, Is.EqualTo("m-77"));
            Assert.That(rejected.MessageId, Does.StartWith("rejected-"));
            Assert.That(JsonNode.Parse(rejected.Body.Span)!["messageId"]!.GetValue<string>(), Is.EqualTo("m-77"));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_DryRun_NoticeCarriesTheCorrelationId(CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb), DryRun, correlationId: "case-4711"), cancellationToken);
        Assert.That(_agency.Messages.Single().CorrelationId, Is.EqualTo("case-4711"));
    }

    private static Dictionary<string, object?> DryRunAttempt(int attempt) =>
        new() { ["x-dry-run"] = Encoding.UTF8.GetBytes("true"), ["x-delivery-count"] = (long)(attempt - 1) };

    private sealed class FaultyClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("clock fault (test)");
    }
}
