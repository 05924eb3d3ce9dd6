namespace Broker.Audit.Tests.Support;

internal static class RepositoryRoot
{
    /// <summary>Walks up from the test assembly until Broker.sln is found.</summary>
    public static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Broker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Broker.sln was not found above the test assembly.");
    }
}
