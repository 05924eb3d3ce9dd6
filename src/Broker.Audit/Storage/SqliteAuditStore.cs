using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Broker.Audit.Storage;

/// <summary>The default store: one SQLite file in WAL mode (readers never block the sequencer), full sync on commit.</summary>
public sealed class SqliteAuditStore : SqlAuditStore
{
    private readonly string _connectionString;

    public SqliteAuditStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override string Prefix => string.Empty;

    protected override string BlobType => "BLOB";

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var wal = Command(connection, null, "PRAGMA journal_mode=WAL");
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async ValueTask<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite begins IMMEDIATE unless deferred: the write lock is taken before the count is read.
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "INSERT INTO audit_entries (idx, entry, leaf_hash) VALUES (@idx, @entry, @leaf)");
        var idx = new SqliteParameter("@idx", SqliteType.Integer);
        var entry = new SqliteParameter("@entry", SqliteType.Blob);
        var leaf = new SqliteParameter("@leaf", SqliteType.Blob);
        command.Parameters.Add(idx);
        command.Parameters.Add(entry);
        command.Parameters.Add(leaf);
        foreach (var e in entries)
        {
            idx.Value = e.Index;
            entry.Value = e.Entry;
            leaf.Value = e.LeafHash;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
