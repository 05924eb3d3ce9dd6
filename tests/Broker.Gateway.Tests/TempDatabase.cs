namespace Broker.Gateway.Tests;

/// <summary>Scratch SQLite files of the gateway store tests.</summary>
internal static class TempDatabase
{
    /// <summary>Releases pooled handles, then deletes the database and its companions (-wal, -shm, -journal).</summary>
    public static void Delete(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }
    }
}
