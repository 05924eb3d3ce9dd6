using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Tests;

/// <summary>Finds the repository root (the folder holding Broker.sln) and loads the committed sample policies.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PoliciesFolder => Path.Combine(Root, "deploy", "policies");

    public static IReadOnlyList<string> SamplePolicyFiles =>
        System.IO.Directory.GetFiles(PoliciesFolder, "*.policy.json").Order(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<SharingPolicy> SamplePolicies() => SamplePolicyFiles.Select(f =>
    {
        var ok = PolicyParser.TryParse(Path.GetFileName(f), File.ReadAllBytes(f), out var policy, out var result);
        return ok ? policy! : throw new AssertionException(result.Error ?? f);
    }).ToArray();

    public static PolicySet SampleSet() => PolicySet.Create(SamplePolicies());

    public static AgencyDirectory SampleDirectory()
    {
        var path = Path.Combine(PoliciesFolder, "agencies.sample.json");
        return AgencyDirectoryJson.TryParse("agencies.sample.json", File.ReadAllBytes(path), out var directory, out var error)
            ? directory
            : throw new AssertionException(error);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the test directory.");
    }
}
