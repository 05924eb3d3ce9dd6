using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Npgsql;

namespace Broker.Audit.Tests.Storage;

/// <summary>The store contract against PostgreSQL 15; each test gets its own schema in the private cluster.</summary>
[Category("PostgreSQL")]
public class PostgresAuditStoreTests : AuditStoreContractTests
{
    private readonly List<string> _schemas = [];
    private string? _connectionString;

    protected override async Task<IAuditStore> CreateStoreCoreAsync(CancellationToken cancellationToken)
    {
        _connectionString = await PostgresCluster.EnsureRunningAsync(cancellationToken);
        var schema = $"t_{Guid.NewGuid():N}";
        _schemas.Add(schema);
        var store = new PostgresAuditStore(_connectionString, schema);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    protected override async Task ExecuteAsync(IAuditStore store, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, _schemas[^1] + ".");
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [TearDown]
    public async Task DropSchemasAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP SCHEMA IF EXISTS {schema} CASCADE";
            await command.ExecuteNonQueryAsync();
        }

        _schemas.Clear();
    }
}
