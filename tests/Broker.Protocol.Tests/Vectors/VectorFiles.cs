using System.Text.Json;

namespace Broker.Protocol.Tests.Vectors;

/// <summary>
/// Finds the public conformance vectors beside the clone (../shared/vectors from the directory holding
/// Broker.sln, or beside the nearest ancestor that has them) and reads them. Tests call <see cref="Load"/>,
/// which ignores the test when the folder is absent.
/// </summary>
internal static class VectorFiles
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    public static JsonDocument Load(string relativePath)
    {
        var root = Root.Value;
        if (root is null)
        {
            Assert.Ignore("Conformance vectors not found: expected ../shared/vectors beside the repository root.");
        }

        var path = Path.Combine(root, relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"The vector folder exists but {relativePath} is missing from it.");
        }

        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    public static byte[] Hex(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? Convert.FromHexString(value.GetString() ?? string.Empty) : [];

    /// <summary>Every (group, test) pair of a Wycheproof file.</summary>
    public static IEnumerable<(JsonElement Group, JsonElement Test)> WycheproofCases(JsonDocument document)
    {
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                yield return (group, test);
            }
        }
    }

    public static int TcId(this JsonElement test) => test.GetProperty("tcId").GetInt32();

    public static string Result(this JsonElement test) => test.GetProperty("result").GetString() ?? string.Empty;

    // The folder sits beside the clone (root/../shared/vectors). A git worktree nested one level deeper
    // (e.g. wt/<name>) finds the same folder beside an ancestor, so keep walking up from the root's parent.
    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
            {
                for (var beside = dir.Parent; beside is not null; beside = beside.Parent)
                {
                    var vectors = Path.Combine(beside.FullName, "shared", "vectors");
                    if (Directory.Exists(vectors))
                    {
                        return vectors;
                    }
                }

                return null;
            }
        }

        return null;
    }
}
