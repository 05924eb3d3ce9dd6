using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Broker.Gateway.Tests.ReadModel;

public class GatewayReadModelTests
{
    private static readonly DateTimeOffset Now = Samples.Now;
    private static readonly string[] NewestTwo = ["alert 4", "alert 3"];
    private static readonly string[] ReceiptOutcomes = ["routed", "routed-later"];
    private static readonly string[] ThreadTitles = ["First request", "Second"];
    private static readonly string[] OldReplyOnly = ["Old reply"];
    private string _path = null!;
    private GatewayStore _store = null!;
    private GatewayReadModel _model = null!;

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-read-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
        _model = new GatewayReadModel(_path);
    }

    [TearDown]
    public void TearDown() => TempDatabase.Delete(_path);

    [Test]
    [CancelAfter(10_000)]
    public async Task Queries_StoreNotCreatedYet_EmptyAndNoFileCreated(CancellationToken cancellationToken)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"gw-read-missing-{Guid.NewGuid():N}.db");
        var model = new GatewayReadModel(missing);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await model.InboxAsync(10, cancellationToken), Is.Empty);
            Assert.That(await model.FindAsync(new string('a', 32), cancellationToken), Is.Null);
            Assert.That(await model.CountInboxAsync(cancellationToken), Is.Zero);
            Assert.That(await model.SentAsync(10, cancellationToken), Is.Empty);
            Assert.That((await model.ThreadAsync(Guid.NewGuid().ToString("D"), cancellationToken)).Received, Is.Empty);
            Assert.That(File.Exists(missing), Is.False, "a reader never creates the gateway's store");
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InboxAsync_AlertsActionsAndReceipts_AlertsAndActionsNewestFirst(CancellationToken cancellationToken)
    {
        var alertId = Guid.NewGuid().ToString("D");
        await AddDeliveryAsync("a1", Now, Alert(alertId, "Older alert"), cancellationToken);
        await AddDeliveryAsync("a2", Now.AddMinutes(2), Alert(Guid.NewGuid().ToString("D"), "Acknowledged", inReplyTo: alertId, action: "acknowledge"), cancellationToken, kind: "Acknowledgement");
        await AddDeliveryAsync("a3", Now.AddMinutes(1), new JsonObject { ["recipient"] = "RU-MVD" }, cancellationToken, kind: "DeliveryReceipt", member: "receipt");

        var inbox = await _model.InboxAsync(10, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inbox.Select(i => i.EnvelopeId), Is.EqualTo(new[] { Id("a2"), Id("a1") }), "a delivery receipt carries no alert");
            Assert.That(inbox[1].Title, Is.EqualTo("Older alert"));
            Assert.That(inbox[1].AlertId, Is.EqualTo(alertId));
            Assert.That(inbox[1].Sender, Is.EqualTo("TH-ONCB"));
            Assert.That(inbox[1].Kind, Is.EqualTo("Alert"));
            Assert.That(inbox[1].ReceivedAt, Is.EqualTo(Now));
            Assert.That(AlertJson.Text(inbox[1].Broker, "sender"), Is.EqualTo("TH-ONCB"));
            Assert.That(inbox[1].IsAction, Is.False);
            Assert.That(inbox[0].ActionKind, Is.EqualTo("acknowledge"));
            Assert.That(inbox[0].InReplyTo, Is.EqualTo(alertId));
            Assert.That(await _model.CountInboxAsync(cancellationToken), Is.EqualTo(3), "the count covers every delivery");
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InboxAsync_Limit_OnlyTheNewest(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 5; i++)
        {
            await AddDeliveryAsync($"b{i}", Now.AddSeconds(i), Alert(Guid.NewGuid().ToString("D"), $"alert {i}"), cancellationToken);
        }

        Assert.That((await _model.InboxAsync(2, cancellationToken)).Select(i => i.Title), Is.EqualTo(NewestTwo));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(GatewayReadModel.MaxLimit + 1)]
    public void InboxAsync_LimitOutOfRange_Throws(int limit) =>
        Assert.That(async () => await _model.InboxAsync(limit), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase("' OR 1=1 --")]
    [TestCase("")]
    [CancelAfter(10_000)]
    public async Task FindAsync_UnknownOrHostileId_Null(string id, CancellationToken cancellationToken)
    {
        await AddDeliveryAsync("c1", Now, Alert(Guid.NewGuid().ToString("D"), "Stored"), cancellationToken);
        Assert.That(await _model.FindAsync(id, cancellationToken), Is.Null);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task FindAsync_StoredDelivery_ReturnsItAndNothingForAReceipt(CancellationToken cancellationToken)
    {
        await AddDeliveryAsync("d1", Now, Alert(Guid.NewGuid().ToString("D"), "Found"), cancellationToken);
        await AddDeliveryAsync("d2", Now, new JsonObject { ["recipient"] = "RU-MVD" }, cancellationToken, kind: "DeliveryReceipt", member: "receipt");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _model.FindAsync(Id("d1"), cancellationToken))?.Title, Is.EqualTo("Found"));
            Assert.That(await _model.FindAsync(Id("d2"), cancellationToken), Is.Null);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SentAsync_AlertsAndActions_EachWithItsOwnReceiptsOldestFirst(CancellationToken cancellationToken)
    {
        var alert = await EnqueueAsync(Alert(Guid.NewGuid().ToString("D"), "Our alert"), Now, cancellationToken);
        await _store.MarkSealedAsync(alert, Id("e1"), [1], "RU-MVD:0 MY-PDRM:1", cancellationToken: cancellationToken);
        await _store.MarkSentAsync(alert, Now.AddSeconds(3), cancellationToken);
        var action = await EnqueueAsync(Alert(Guid.NewGuid().ToString("D"), "Our reply", inReplyTo: Guid.NewGuid().ToString("D"), action: "reply"), Now.AddMinutes(1), cancellationToken);
        await _store.TryEnqueueAsync(Guid.NewGuid(), Encoding.UTF8.GetBytes("{\"receipt\":1}"), Now.AddMinutes(2), OutboxKind.DeliveryReceipt, cancellationToken);
        await AddReceiptAsync("r2", Id("e1"), "routed-later", Now.AddSeconds(20), cancellationToken);
        await AddReceiptAsync("r1", Id("e1"), "routed", Now.AddSeconds(10), cancellationToken);
        await AddReceiptAsync("r9", Id("e9"), "someone else's", Now.AddSeconds(5), cancellationToken);

        var sent = await _model.SentAsync(10, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Select(s => s.AlertId), Is.EqualTo(new[] { action, alert }), "the gateway's own delivery receipts are not sent items");
            Assert.That(sent[1].State, Is.EqualTo("sent"));
            Assert.That(sent[1].EnvelopeId, Is.EqualTo(Id("e1")));
            Assert.That(sent[1].Recipients, Is.EqualTo("RU-MVD:0 MY-PDRM:1"));
            Assert.That(sent[1].SentAt, Is.EqualTo(Now.AddSeconds(3)));
            Assert.That(sent[1].Receipts.Select(r => AlertJson.Text(r, "outcome")), Is.EqualTo(ReceiptOutcomes));
            Assert.That(sent[0].State, Is.EqualTo("pending"));
            Assert.That(sent[0].ActionKind, Is.EqualTo("reply"));
            Assert.That(sent[0].Receipts, Is.Empty);
            Assert.That((await _model.FindSentAsync(alert, cancellationToken))?.Receipts, Has.Count.EqualTo(2));
            Assert.That(await _model.FindSentAsync(Guid.NewGuid(), cancellationToken), Is.Null);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ThreadAsync_RepliesOlderThanTheNewestRows_FoundOnBothSides(CancellationToken cancellationToken)
    {
        var alertId = Guid.NewGuid().ToString("D");
        await AddDeliveryAsync("f1", Now, Alert(Guid.NewGuid().ToString("D"), "First request", inReplyTo: alertId, action: "request-evidence-use"), cancellationToken, kind: "EvidenceRequest", threadOf: alertId);
        await AddDeliveryAsync("f2", Now.AddMinutes(5), Alert(Guid.NewGuid().ToString("D"), "Second", inReplyTo: alertId, action: "reply"), cancellationToken, kind: "Reply", threadOf: alertId);
        var other = Guid.NewGuid().ToString("D");
        await AddDeliveryAsync("f3", Now.AddMinutes(6), Alert(Guid.NewGuid().ToString("D"), "Another thread", inReplyTo: other, action: "reply"), cancellationToken, kind: "Reply", threadOf: other);
        var hostile = Alert(Guid.NewGuid().ToString("D"), "Numeric inReplyTo");
        hostile["inReplyTo"] = 7;
        await AddDeliveryAsync("f4", Now.AddMinutes(7), hostile, cancellationToken);
        var ours = await EnqueueAsync(Alert(Guid.NewGuid().ToString("D"), "Granted", inReplyTo: alertId, action: "grant"), Now.AddMinutes(1), cancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await AddDeliveryAsync($"n{i}", Now.AddHours(1 + i), Alert(Guid.NewGuid().ToString("D"), "newer"), cancellationToken);
        }

        var thread = await _model.ThreadAsync(alertId, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _model.InboxAsync(5, cancellationToken)).Select(i => i.Title), Is.All.EqualTo("newer"), "the replies are outside the newest rows");
            Assert.That(thread.Received.Select(r => r.Title), Is.EqualTo(ThreadTitles));
            Assert.That(thread.Sent.Select(s => s.AlertId), Is.EqualTo(new[] { ours }));
            Assert.That((await _model.ThreadAsync("7", cancellationToken)).Received, Is.Empty, "a number is not an alert id");
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ThreadAsync_ReplyBehindMoreThanAThousandNewerRows_StillInTheThread(CancellationToken cancellationToken)
    {
        var alertId = Guid.NewGuid().ToString("D");
        await AddDeliveryAsync("old", Now, Alert(Guid.NewGuid().ToString("D"), "Old reply", inReplyTo: alertId, action: "reply"), cancellationToken, kind: "Reply", threadOf: alertId);
        // The plaintext names the alert, but the gateway did not thread it (its sender was not party to the alert): not in the thread.
        await AddDeliveryAsync("claim", Now.AddMinutes(1), Alert(Guid.NewGuid().ToString("D"), "Claims the thread", inReplyTo: alertId, action: "grant"), cancellationToken, sender: "MY-PDRM");
        for (var i = 0; i < GatewayReadModel.MaxLimit + 100; i++)
        {
            await AddDeliveryAsync($"m{i}", Now.AddHours(1).AddSeconds(i), Alert(Guid.NewGuid().ToString("D"), "newer"), cancellationToken);
        }

        var thread = await _model.ThreadAsync(alertId.ToUpperInvariant(), cancellationToken);
        Assert.That(thread.Received.Select(r => r.Title), Is.EqualTo(OldReplyOnly));
    }

    // The thread lookup must hit the indexes: the query has to repeat the indexed expression exactly.
    [TestCase("inbox", GatewayStore.InboxThreadOf, "inbox_thread_of")]
    [TestCase("outbox", GatewayStore.OutboxInReplyTo, "outbox_in_reply_to")]
    public void ThreadLookup_QueryPlan_UsesTheInReplyToIndex(string table, string expression, string index)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {expression} = 'x'";
        using var reader = command.ExecuteReader();
        var plan = new StringBuilder();
        while (reader.Read())
        {
            plan.Append(reader.GetString(3)).Append('\n');
        }

        Assert.That(plan.ToString(), Does.Contain(index));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InboxItem_MembersOfTheWrongType_ReadAsAbsent(CancellationToken cancellationToken)
    {
        var hostile = new JsonObject { ["id"] = 1, ["title"] = new JsonArray("x"), ["origin"] = "TH-ONCB", ["inReplyTo"] = true, ["action"] = new JsonArray() };
        await AddDeliveryAsync("g1", Now, hostile, cancellationToken, sender: "MY-PDRM");
        var item = (await _model.InboxAsync(1, cancellationToken)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(item.AlertId, Is.Empty);
            Assert.That(item.Title, Is.Empty);
            Assert.That(item.OriginAgency, Is.EqualTo("MY-PDRM"), "no origin object: the signed sender");
            Assert.That(item.InReplyTo, Is.Null);
            Assert.That(item.ActionKind, Is.Null);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InboxAsync_StoredRowWithADuplicateMember_ListsWithoutItsContentAndNothingThrows(CancellationToken cancellationToken)
    {
        // Only a row stored before the gateway validated what it opened can hold this; it must still list and render.
        var raw = "{\"broker\":{\"sender\":\"TH-ONCB\"},\"alert\":{\"title\":\"one\",\"title\":\"two\",\"summary\":\"\\ud800\"}}";
        await _store.TryAddInboxAsync(
            new InboxEntry
            {
                EnvelopeId = Id("dup"),
                ReceivedAt = Now,
                Sender = "TH-ONCB",
                Kind = "Alert",
                Envelope = [1],
                ViewJson = [2],
                HeaderJson = "{}",
                Verification = "verified",
                Withheld = string.Empty,
                AgencyMessage = Encoding.UTF8.GetBytes(raw),
            },
            cancellationToken);
        var item = (await _model.InboxAsync(10, cancellationToken)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => item.Title, Throws.Nothing);
            Assert.That(item.Title, Is.Empty);
            Assert.That(item.OriginAgency, Is.EqualTo("TH-ONCB"));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InboxAsync_AfterTheGatewayClosedTheStore_StillReadsIt(CancellationToken cancellationToken)
    {
        await AddDeliveryAsync("h1", Now, Alert(Guid.NewGuid().ToString("D"), "Kept"), cancellationToken);
        SqliteConnection.ClearAllPools(); // the last connection closes: WAL checkpointed, -wal and -shm removed
        Assert.That((await _model.InboxAsync(10, cancellationToken)).Single().Title, Is.EqualTo("Kept"));
    }

    private static string Id(string name) => name.PadLeft(32, '0');

    private static JsonObject Alert(string id, string title, string? inReplyTo = null, string? action = null)
    {
        var alert = new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["classification"] = "restricted",
            ["origin"] = new JsonObject { ["agency"] = "TH-ONCB" },
        };
        if (inReplyTo is not null)
        {
            alert["inReplyTo"] = inReplyTo;
        }

        if (action is not null)
        {
            alert["action"] = new JsonObject { ["kind"] = action };
        }

        return alert;
    }

    private async Task AddDeliveryAsync(
        string name, DateTimeOffset at, JsonObject content, CancellationToken cancellationToken, string kind = "Alert", string member = "alert", string sender = "TH-ONCB",
        string? threadOf = null)
    {
        var message = new JsonObject { ["broker"] = new JsonObject { ["sender"] = sender }, [member] = content };
        await _store.TryAddInboxAsync(
            new InboxEntry
            {
                EnvelopeId = Id(name),
                ReceivedAt = at,
                Sender = sender,
                Kind = kind,
                Envelope = [1],
                ViewJson = [2],
                HeaderJson = "{}",
                Verification = "verified",
                Withheld = string.Empty,
                AgencyMessage = Encoding.UTF8.GetBytes(message.ToJsonString()),
                ThreadOf = threadOf,
            },
            cancellationToken);
    }

    private async Task<Guid> EnqueueAsync(JsonObject alert, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(alert["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes(alert.ToJsonString()), at, cancellationToken);
        return id;
    }

    private Task<InboxAddResult> AddReceiptAsync(string receiptId, string envelopeId, string outcome, DateTimeOffset at, CancellationToken cancellationToken) =>
        _store.TryAddReceiptAsync(receiptId, envelopeId, [0], Encoding.UTF8.GetBytes(new JsonObject { ["outcome"] = outcome }.ToJsonString()), at, cancellationToken);
}
