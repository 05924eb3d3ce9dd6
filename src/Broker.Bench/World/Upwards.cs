namespace Broker.Bench.World;

/// <summary>Finds files of the working copy from wherever inside it the benchmark is started.</summary>
internal static class Upwards
{
    /// <summary>The first existing file or folder <paramref name="relative"/> below the current directory or one of its parents.</summary>
    public static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
