using Broker.Hub.Claims;
using Npgsql;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// The PostgreSQL envelope claims (several hub machines) against a real server named by BROKER_HUB_POSTGRES
/// (an Npgsql connection string). Each test uses its own schema. Ignored when the variable is not set.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class PostgresEnvelopeClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private string _connectionString = "";
    private string _schema = "";

    [SetUp]
    public async Task CreateSchemaAsync()
    {
        var configured = Environment.GetEnvironmentVariable("BROKER_HUB_POSTGRES");
        if (string.IsNullOrWhiteSpace(configured))
        {
            Assert.Ignore("BROKER_HUB_POSTGRES is not set; the PostgreSQL envelope claims need a server.");
        }

        _schema = "claims_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(configured))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(configured) { SearchPath = _schema }.ToString();
    }

    [TearDown]
    public async Task DropSchemaAsync()
    {
        if (_schema.Length > 0 && Environment.GetEnvironmentVariable("BROKER_HUB_POSTGRES") is { Length: > 0 } configured)
        {
            await using var connection = new NpgsqlConnection(configured);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static EnvelopeClaim Claim(string id, byte hash = 1, bool redelivered = false, string owner = "a") =>
        new(id, Enumerable.Repeat(hash, 32).ToArray(), Now.AddDays(1), redelivered, owner, Now);

    [Test, CancelAfter(60_000)]
    public async Task TryClaimAsync_ClaimReplayTakeoverCompletion_FollowTheRules(CancellationToken cancellationToken)
    {
        await using var claims = new PostgresEnvelopeClaims(_connectionString);
        var first = await claims.TryClaimAsync(Claim("e1"), cancellationToken);
        var replay = await claims.TryClaimAsync(Claim("e1"), cancellationToken);
        var takeover = await claims.TryClaimAsync(Claim("e1", redelivered: true, owner: "b"), cancellationToken);
        await claims.CompleteAsync("e1", cancellationToken);
        var done = await claims.TryClaimAsync(Claim("e1", redelivered: true, owner: "c"), cancellationToken);
        var otherBytes = await claims.TryClaimAsync(Claim("e1", hash: 2, redelivered: true), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(ClaimResult.Claimed));
            Assert.That(replay, Is.EqualTo(ClaimResult.Replayed));
            Assert.That(takeover, Is.EqualTo(ClaimResult.Claimed));
            Assert.That(done, Is.EqualTo(ClaimResult.AlreadyCompleted));
            Assert.That(otherBytes, Is.EqualTo(ClaimResult.Replayed));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task TryClaimAsync_TwoInstancesRace_ExactlyOneClaimsEachId(CancellationToken cancellationToken)
    {
        await using var first = new PostgresEnvelopeClaims(_connectionString);
        await using var second = new PostgresEnvelopeClaims(_connectionString);
        var ids = Enumerable.Range(0, 40).Select(i => "id" + i).ToList();
        var results = await Task.WhenAll(ids.SelectMany(id => new[]
        {
            Task.Run(async () => await first.TryClaimAsync(Claim(id, owner: "a"), cancellationToken), cancellationToken),
            Task.Run(async () => await second.TryClaimAsync(Claim(id, owner: "b"), cancellationToken), cancellationToken),
        }));

        Assert.That(results.Count(r => r == ClaimResult.Claimed), Is.EqualTo(ids.Count));
    }
}
