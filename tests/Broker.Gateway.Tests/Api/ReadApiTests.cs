using Broker.Gateway.Api;
using Broker.Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Broker.Gateway.Tests.Api;

public class ReadApiTests
{
    private GatewayStore _store = null!;
    private string _path = null!;

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-api-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetAlertAsync_StoredEnvelope_ReturnsTheAgencyMessage(CancellationToken cancellationToken)
    {
        var id = new string('a', 32);
        await _store.TryAddInboxAsync(Entry(id), cancellationToken);
        var result = await ReadApi.GetAlertAsync(id, _store, cancellationToken);
        var file = result.Result as FileContentHttpResult;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file, Is.Not.Null);
            Assert.That(file!.ContentType, Is.EqualTo("application/json"));
            Assert.That(file.FileContents.ToArray(), Is.EqualTo("{\"x\":1}"u8.ToArray()));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetAlertAsync_UnknownId_NotFound(CancellationToken cancellationToken) =>
        Assert.That((await ReadApi.GetAlertAsync(new string('b', 32), _store, cancellationToken)).Result, Is.InstanceOf<NotFound>());

    [TestCase("../../etc/passwd")]
    [TestCase("ABCDEF")]
    [TestCase("' OR 1=1 --")]
    [CancelAfter(10_000)]
    public async Task GetAlertAsync_NotAnEnvelopeId_BadRequestWithStableCode(string id, CancellationToken cancellationToken)
    {
        var result = (await ReadApi.GetAlertAsync(id, _store, cancellationToken)).Result as BadRequest<ProblemDetails>;
        Assert.That(result!.Value!.Extensions["code"], Is.EqualTo("invalid-envelope-id"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ListAsync_InboxAndOutbox_SummariesWithoutContent(CancellationToken cancellationToken)
    {
        await _store.TryAddInboxAsync(Entry(new string('c', 32)), cancellationToken);
        var alertId = Guid.NewGuid();
        await _store.TryEnqueueAsync(alertId, "{\"secret\":1}"u8.ToArray(), Samples.Now, cancellationToken);
        var alerts = (await ReadApi.ListAlertsAsync(_store, cancellationToken)).Value!;
        var sent = (await ReadApi.ListSentAsync(_store, cancellationToken)).Value!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alerts.Single().Sender, Is.EqualTo("TH-ONCB"));
            Assert.That(sent.Single().AlertId, Is.EqualTo(alertId));
            Assert.That(sent.Single().State, Is.EqualTo("pending"));
            Assert.That(sent.Single().Kind, Is.EqualTo("alert"));
        }
    }

    private static InboxEntry Entry(string id) => new()
    {
        EnvelopeId = id,
        ReceivedAt = Samples.Now,
        Sender = "TH-ONCB",
        Kind = "Alert",
        Envelope = [1],
        ViewJson = [2],
        HeaderJson = "{}",
        Verification = "verified",
        Withheld = string.Empty,
        AgencyMessage = "{\"x\":1}"u8.ToArray(),
    };
}
