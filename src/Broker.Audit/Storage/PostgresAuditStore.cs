using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Broker.Audit.Storage;

/// <summary>
/// The store for larger deployments: PostgreSQL through Npgsql, tables in one schema. Appends hold a transaction-scoped advisory
/// lock and insert with binary COPY, so a batch of thousands of entries is one round trip.
/// </summary>
public sealed partial class PostgresAuditStore : SqlAuditStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    public PostgresAuditStore(string connectionString, string schema = "broker_audit")
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("A schema name is 1-63 lower-case letters, digits or underscores, starting with a letter or underscore.", nameof(schema));
        }

        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override string Prefix => _schema + ".";

    protected override string BlobType => "BYTEA";

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var create = Command(connection, null, $"CREATE SCHEMA IF NOT EXISTS {_schema}");
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@name))");
        Add(command, "@name", _schema + ".audit_entries");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    protected override async Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var importer = await npgsql.BeginBinaryImportAsync($"COPY {_schema}.audit_entries (idx, entry, leaf_hash) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var e in entries)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Index, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.Entry, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.LeafHash, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeCoreAsync().ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
