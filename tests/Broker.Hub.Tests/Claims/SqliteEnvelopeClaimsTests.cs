using Broker.Hub.Claims;
using Microsoft.Data.Sqlite;

namespace Broker.Hub.Tests.Claims;

public sealed class SqliteEnvelopeClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("claims-tests-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string DbPath => Path.Combine(_directory, "claims.db");

    private static EnvelopeClaim Claim(string id, byte hash = 1, bool redelivered = false, string owner = "a", DateTimeOffset? retain = null) =>
        new(id, Enumerable.Repeat(hash, 32).ToArray(), retain ?? Now.AddDays(1), redelivered, owner, Now);

    [Test, CancelAfter(10_000)]
    public async Task TryClaimAsync_NewId_Claimed_SecondFreshCopy_Replayed(CancellationToken cancellationToken)
    {
        using var claims = new SqliteEnvelopeClaims(DbPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await claims.TryClaimAsync(Claim("e1"), cancellationToken), Is.EqualTo(ClaimResult.Claimed));
            Assert.That(await claims.TryClaimAsync(Claim("e1"), cancellationToken), Is.EqualTo(ClaimResult.Replayed));
        }
    }

    [Test, CancelAfter(10_000)]
    public async Task TryClaimAsync_RedeliveryOfUnfinished_TakenOver_AfterCompletion_AlreadyCompleted(CancellationToken cancellationToken)
    {
        using var claims = new SqliteEnvelopeClaims(DbPath);
        await claims.TryClaimAsync(Claim("e1", owner: "dead"), cancellationToken);
        var takeover = await claims.TryClaimAsync(Claim("e1", redelivered: true, owner: "b"), cancellationToken);
        await claims.CompleteAsync("e1", cancellationToken);
        var afterCompletion = await claims.TryClaimAsync(Claim("e1", redelivered: true, owner: "c"), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(takeover, Is.EqualTo(ClaimResult.Claimed));
            Assert.That(afterCompletion, Is.EqualTo(ClaimResult.AlreadyCompleted));
        }
    }

    [Test, CancelAfter(10_000)]
    public async Task TryClaimAsync_SameIdDifferentBytesEvenIfRedelivered_Replayed(CancellationToken cancellationToken)
    {
        using var claims = new SqliteEnvelopeClaims(DbPath);
        await claims.TryClaimAsync(Claim("e1", hash: 1), cancellationToken);
        Assert.That(await claims.TryClaimAsync(Claim("e1", hash: 2, redelivered: true), cancellationToken), Is.EqualTo(ClaimResult.Replayed));
    }

    [Test, CancelAfter(30_000)]
    public async Task TryClaimAsync_TwoInstancesOnOneFileRace_ExactlyOneClaimsEachId(CancellationToken cancellationToken)
    {
        using var first = new SqliteEnvelopeClaims(DbPath);
        using var second = new SqliteEnvelopeClaims(DbPath);
        var ids = Enumerable.Range(0, 50).Select(i => "id" + i).ToList();
        var results = await Task.WhenAll(ids.SelectMany(id => new[]
        {
            Task.Run(async () => await first.TryClaimAsync(Claim(id, owner: "a"), cancellationToken), cancellationToken),
            Task.Run(async () => await second.TryClaimAsync(Claim(id, owner: "b"), cancellationToken), cancellationToken),
        }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Count(r => r == ClaimResult.Claimed), Is.EqualTo(ids.Count));
            Assert.That(results.Count(r => r == ClaimResult.Replayed), Is.EqualTo(ids.Count));
        }
    }

    [Test, CancelAfter(10_000)]
    public async Task PurgeAsync_RetentionPassed_RemovesOnlyExpiredIds(CancellationToken cancellationToken)
    {
        using var claims = new SqliteEnvelopeClaims(DbPath);
        await claims.TryClaimAsync(Claim("old", retain: Now.AddMinutes(-1)), cancellationToken);
        await claims.TryClaimAsync(Claim("live", retain: Now.AddDays(1)), cancellationToken);

        var purged = await claims.PurgeAsync(Now, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(purged, Is.EqualTo(1));
            Assert.That(await claims.TryClaimAsync(Claim("live"), cancellationToken), Is.EqualTo(ClaimResult.Replayed));
        }
    }

    [Test, CancelAfter(10_000)]
    public async Task TryClaimAsync_AfterReopen_StillKnowsTheId(CancellationToken cancellationToken)
    {
        using (var claims = new SqliteEnvelopeClaims(DbPath))
        {
            await claims.TryClaimAsync(Claim("e1"), cancellationToken);
        }

        using var reopened = new SqliteEnvelopeClaims(DbPath);
        Assert.That(await reopened.TryClaimAsync(Claim("e1"), cancellationToken), Is.EqualTo(ClaimResult.Replayed));
    }
}
