using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Testing;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Broker.Web.Pages;

namespace Broker.Web.Tests.Unit;

/// <summary>
/// No content can make a page fail (issue 12 item 2): every member of a stored alert, broker block, routing receipt and
/// thread message is replaced in turn by a value of every other JSON type, and the inbox rows, the detail page, the sent
/// page and the dashboard all render, with the signed sender (never the plaintext origin) as who sent it.
/// </summary>
public sealed class PageRenderingTests
{
    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => JsonValue.Create(12345),
        () => JsonValue.Create("x"),
        () => JsonValue.Create(true),
        () => null,
        () => new JsonArray(),
        () => new JsonArray(1, "a", new JsonObject { ["kind"] = 5 }, new JsonArray(new JsonArray())),
        () => new JsonObject(),
        () => new JsonObject { ["kind"] = new JsonArray(), ["text"] = 7, ["result"] = new JsonObject(), ["agency"] = 1 },
    ];

    [Test]
    public void Pages_EveryMemberOfTheAlertOfEveryType_Render()
    {
        var rendered = 0;
        foreach (var alert in Mutations(Sample()))
        {
            RenderAll(Item(alert, Broker()), Sent(alert, Receipt()));
            rendered++;
        }

        Assert.That(rendered, Is.GreaterThan(500), "the sample has enough members to cover every type of each");
    }

    [Test]
    public void Pages_EveryMemberOfTheBrokerBlockAndReceiptOfEveryType_Render()
    {
        var (brokers, receipts) = (0, 0);
        foreach (var broker in Mutations(Broker()))
        {
            RenderAll(Item(Sample(), broker), Sent(Sample(), Receipt()));
            brokers++;
        }

        foreach (var receipt in Mutations(Receipt()))
        {
            RenderAll(Item(Sample(), Broker()), Sent(Sample(), receipt));
            receipts++;
        }

        // Each member of each block is replaced by every replacement: at least one mutation per replacement for each.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(brokers, Is.GreaterThanOrEqualTo(Replacements.Length), "the broker block's members were mutated");
            Assert.That(receipts, Is.GreaterThanOrEqualTo(Replacements.Length), "the receipt's members were mutated");
        }
    }

    [Test]
    public void Pages_ActionOfEveryShape_RenderInTheThread()
    {
        foreach (var action in Mutations(new JsonObject { ["action"] = new JsonObject { ["kind"] = "grant", ["text"] = "t", ["officer"] = "o", ["requestId"] = "r" } }))
        {
            var message = Sample();
            message["action"] = action["action"]?.DeepClone();
            message["inReplyTo"] = action["inReplyTo"]?.DeepClone();
            var thread = new AlertThread([Item(message, Broker())], [Sent(message, Receipt())]);
            Assert.That(() => DetailPage.Body(Item(Sample(), Broker()), thread, "<input>"), Throws.Nothing);
            Assert.That(() => SentPage.Section(Sent(Sample(), Receipt()), thread, OfficerRole.Supervisor, "<input>"), Throws.Nothing);
        }
    }

    [Test]
    public void Pages_PlaintextOriginOfAnotherAgency_ShowTheSignedSender()
    {
        var alert = Sample();
        alert.Remove("action");
        alert["origin"]!["agency"] = "TH-ONCB";
        var item = Item(alert, Broker()) with { Sender = "MY-PDRM" };
        var rows = InboxPages.Rows(new HashSet<string>(), [item], new InboxFilter());
        var thread = DetailPage.Thread(new AlertThread([item], []));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Does.Contain("MY-PDRM").And.Not.Contain("TH-ONCB"));
            Assert.That(thread, Does.Contain("MY-PDRM").And.Not.Contain("TH-ONCB"), "the thread names the signed sender");
            Assert.That(DetailPage.Body(item, new AlertThread([], []), string.Empty), Does.Contain("<dt>From</dt><dd>MY-PDRM</dd>"));
        }
    }

    [Test]
    public void SentSection_NotDeliveredReceipt_ShownWithItsReasonAndSignedRecipient()
    {
        var sent = Sent(Sample(), Receipt()) with
        {
            DeliveryReceipts = [new DeliveryReceipt("MY-PDRM", DateTimeOffset.UnixEpoch, false, "view-schema-violation"), new DeliveryReceipt("RU-MVD", DateTimeOffset.UnixEpoch, true, null)],
        };
        var html = SentPage.Section(sent, new AlertThread([], []), OfficerRole.Officer, string.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("Delivery receipt from MY-PDRM, 1970-01-01 00:00:00 UTC: <b>NOT delivered</b> (view-schema-violation)"));
            Assert.That(html, Does.Contain("Delivery receipt from RU-MVD, 1970-01-01 00:00:00 UTC: delivered"));
        }
    }

    private static void RenderAll(InboxItem item, SentItem sent)
    {
        var thread = new AlertThread([item], [sent]);
        Assert.That(() => InboxPages.Rows(new HashSet<string>(), [item], new InboxFilter { Search = "x" }), Throws.Nothing);
        Assert.That(() => InboxPages.Rows(new HashSet<string>(), [item], new InboxFilter { Category = "drug-trafficking", Country = "TH" }), Throws.Nothing);
        Assert.That(() => DetailPage.Body(item, thread, "<input>"), Throws.Nothing);
        Assert.That(() => SentPage.Section(sent, thread, OfficerRole.Supervisor, "<input>"), Throws.Nothing);
        Assert.That(() => DashboardPage.Body([item], [sent]), Throws.Nothing);
        Assert.That(() => AlertReader.MayRead(AlertReaderTests.OfficerOf("RU-MVD", Clearance.Secret), "RU-MVD", item), Throws.Nothing);
    }

    /// <summary>Every copy of <paramref name="root"/> with one member (at any depth) or array item replaced by each replacement.</summary>
    private static IEnumerable<JsonObject> Mutations(JsonObject root)
    {
        foreach (var path in Paths(root, []))
        {
            foreach (var replacement in Replacements)
            {
                var copy = (JsonObject)root.DeepClone();
                JsonNode parent = copy;
                foreach (var step in path[..^1])
                {
                    parent = step is int i ? parent[i]! : parent[(string)step]!;
                }

                if (path[^1] is int index)
                {
                    parent.AsArray()[index] = replacement();
                }
                else
                {
                    parent.AsObject()[(string)path[^1]] = replacement();
                }

                yield return copy;
            }
        }
    }

    private static IEnumerable<object[]> Paths(JsonNode node, object[] prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    object[] path = [.. prefix, name];
                    yield return path;
                    if (child is not null)
                    {
                        foreach (var deeper in Paths(child, path))
                        {
                            yield return deeper;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    if (array[i] is { } child)
                    {
                        foreach (var deeper in Paths(child, path))
                        {
                            yield return deeper;
                        }
                    }
                }

                break;
            default:
                break;
        }
    }

    private static JsonObject Sample()
    {
        var alert = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "deploy", "demo", "alerts", "th-oncb-meth-shipment.json")))!;
        alert["inReplyTo"] = "00000000-0000-0000-0000-000000000001";
        alert["action"] = new JsonObject { ["kind"] = "reply", ["text"] = "t", ["officer"] = "o" };
        return alert;
    }

    private static JsonObject Broker() => new()
    {
        ["sender"] = "TH-ONCB",
        ["senderKeyId"] = "00",
        ["verification"] = new JsonObject { ["result"] = "verified" },
        ["withheldDataClasses"] = new JsonArray("personal.identity"),
        ["policyViolation"] = new JsonObject { ["unexpectedDataClasses"] = new JsonArray("x"), ["action"] = "stripped" },
    };

    private static JsonObject Receipt() => new()
    {
        ["outcome"] = "routed",
        ["deliveredTo"] = new JsonArray("RU-MVD"),
        ["withheld"] = new JsonArray(new JsonObject { ["agency"] = "MY-PDRM", ["code"] = "policy-denied", ["reason"] = "r" }),
    };

    private static InboxItem Item(JsonObject alert, JsonObject broker) => new()
    {
        EnvelopeId = "e",
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Sender = "TH-ONCB",
        Kind = "Alert",
        Broker = broker,
        Alert = alert,
    };

    private static SentItem Sent(JsonObject alert, JsonObject receipt) => new()
    {
        AlertId = Guid.Empty,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Alert = (JsonObject)alert.DeepClone(),
        State = "sent",
        Receipts = [receipt],
    };
}
