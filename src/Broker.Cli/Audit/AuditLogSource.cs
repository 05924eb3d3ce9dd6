using Broker.Audit.Storage;

namespace Broker.Cli.Audit;

/// <summary>Where the auditor reads the log from: a SQLite file or a PostgreSQL connection string (later: the hub's auditor API).</summary>
internal static class AuditLogSource
{
    public static async Task<IAuditStore> OpenAsync(string? sqlite, string? postgres, string schema, CancellationToken cancellationToken)
    {
        if ((sqlite is null) == (postgres is null))
        {
            throw new AuditCliException("Give exactly one of --sqlite FILE or --postgres CONNECTION-STRING.");
        }

        if (sqlite is not null)
        {
            if (!File.Exists(sqlite))
            {
                throw new AuditCliException($"No audit log at {sqlite}.");
            }

            var store = new SqliteAuditStore(sqlite);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }

        var postgresStore = new PostgresAuditStore(postgres!, schema);
        await postgresStore.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return postgresStore;
    }
}

/// <summary>A usage or input problem: printed as one line, exit code 2.</summary>
internal sealed class AuditCliException(string message) : Exception(message);
