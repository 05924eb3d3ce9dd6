using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Broker.Audit.Storage;

/// <summary>The SQL shared by the SQLite and PostgreSQL stores; each dialect supplies connections, DDL types and bulk insert.</summary>
public abstract partial class SqlAuditStore : IAuditStore
{
    // Every write of this process (entry batches and tree heads) takes this gate first. SQLite has one write lock per file,
    // and Microsoft.Data.Sqlite answers a busy lock by sleeping and retrying, so a tree head saved while a batch commits
    // stalled the sequencer for a whole retry interval; queueing in memory instead costs microseconds. Other processes
    // (auditors, the CLI) only read, and WAL readers never wait for the writer.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    protected abstract string Prefix { get; }

    protected abstract string BlobType { get; }

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins the append transaction, holding whatever lock keeps a second writer out until it ends.</summary>
    protected abstract ValueTask<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken);

    protected abstract Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken);

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ddl in Schema())
        {
            await using var command = Command(connection, null, ddl);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await MigrateLegacyArchiveAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT COALESCE(MAX(idx) + 1, 0) FROM {Prefix}audit_entries");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task AppendAsync(IReadOnlyList<StoredEntry> entries, IReadOnlyList<ArchivedEnvelope> envelopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(envelopes);
        await WriteAsync(ct => AppendLockedAsync(entries, envelopes, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="write"/> alone among this store's writes (see the write gate above).</summary>
    protected async Task WriteAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await write(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task AppendLockedAsync(IReadOnlyList<StoredEntry> entries, IReadOnlyList<ArchivedEnvelope> envelopes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAppendAsync(connection, cancellationToken).ConfigureAwait(false);
        if (entries.Count > 0)
        {
            await using var count = Command(connection, transaction, $"SELECT COALESCE(MAX(idx) + 1, 0) FROM {Prefix}audit_entries");
            var next = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (entries[0].Index != next)
            {
                throw new AuditStoreConflictException($"The batch starts at index {entries[0].Index} but the log has {next} entries.");
            }

            await InsertEntriesAsync(connection, transaction, entries, cancellationToken).ConfigureAwait(false);
        }

        foreach (var envelope in envelopes)
        {
            await InsertArchiveAsync(connection, transaction, envelope, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredEntry> ReadEntriesAsync(long start, long count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT idx, entry, leaf_hash FROM {Prefix}audit_entries WHERE idx >= @start AND idx < @end ORDER BY idx");
        Add(command, "@start", start);
        Add(command, "@end", count >= long.MaxValue - start ? long.MaxValue : start + count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredEntry(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
        }
    }

    public async Task<long?> FindIndexByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT MIN(idx) FROM {Prefix}audit_entries WHERE leaf_hash = @hash");
        Add(command, "@hash", leafHash);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _writeGate.Dispose();
        return DisposeCoreAsync();
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Only table-name prefixes validated at construction are interpolated; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    protected static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private IEnumerable<string> Schema()
    {
        yield return $"CREATE TABLE IF NOT EXISTS {Prefix}audit_entries (idx BIGINT PRIMARY KEY, entry {BlobType} NOT NULL, leaf_hash {BlobType} NOT NULL)";
        yield return $"CREATE INDEX IF NOT EXISTS {Prefix.Replace(".", "_", StringComparison.Ordinal)}audit_entries_leaf ON {Prefix}audit_entries (leaf_hash)";
        yield return $"CREATE TABLE IF NOT EXISTS {Prefix}audit_tree_heads (tree_size BIGINT NOT NULL, ts BIGINT NOT NULL, head {BlobType} NOT NULL, PRIMARY KEY (tree_size, ts))";
        // audit_envelopes is the archive of logs written before the archive was keyed by body hash; it stays empty once migrated.
        yield return $"CREATE TABLE IF NOT EXISTS {Prefix}audit_envelopes (envelope_id TEXT PRIMARY KEY, bytes {BlobType} NOT NULL)";
        yield return $"CREATE TABLE IF NOT EXISTS {Prefix}audit_archive (envelope_hash {BlobType} PRIMARY KEY, envelope_id TEXT NOT NULL, bytes {BlobType} NOT NULL)";
        yield return $"CREATE INDEX IF NOT EXISTS {Prefix.Replace(".", "_", StringComparison.Ordinal)}audit_archive_id ON {Prefix}audit_archive (envelope_id)";
    }
}
