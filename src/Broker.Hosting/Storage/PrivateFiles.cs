namespace Broker.Hosting.Storage;

/// <summary>
/// Files only the service's own user may read or write (mode 600): the SQLite stores (accounts, TOTP secrets, outbox,
/// inbox plaintext, envelope claims, the audit log) and the demo's credentials. SQLite creates a new database with the
/// process umask (usually 644) and gives its <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files the database file's mode,
/// so creating the file first, empty and 600, is enough; an existing file (and its companions) is tightened to 600.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly string[] Companions = [string.Empty, "-wal", "-shm", "-journal"];

    /// <summary>
    /// Creates <paramref name="path"/>'s folder and the file itself (empty, mode 600) when missing, tightens an existing one
    /// and its SQLite companions to 600, and returns <paramref name="path"/> unchanged, so a store's constructor can wrap
    /// its path in one call. A file this process may not chmod fails start-up with the exception. No-op on Windows.
    /// </summary>
    public static string Ensure(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        try
        {
            using var created = new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        }
        catch (IOException) when (File.Exists(full))
        {
            // Already there (perhaps created a moment ago by another process): tightened below.
        }

        foreach (var suffix in Companions)
        {
            var file = full + suffix;
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnly);
            }
        }

        return path;
    }
}
