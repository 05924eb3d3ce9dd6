using Broker.Audit.Storage;
using Microsoft.Data.Sqlite;

namespace Broker.Audit.Tests.Storage;

public class SqliteAuditStoreTests : AuditStoreContractTests
{
    private readonly List<string> _files = [];

    protected override async Task<IAuditStore> CreateStoreCoreAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"broker-audit-{Guid.NewGuid():N}.db");
        _files.Add(path);
        var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    protected override async Task ExecuteAsync(IAuditStore store, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={_files[^1]}");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, string.Empty);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [OneTimeTearDown]
    public void DeleteFiles()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }
}
