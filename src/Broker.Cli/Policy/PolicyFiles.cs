using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Cli.Policy;

/// <summary>Reads policy documents and agency directories from disk for the policy commands (the library itself does no I/O).</summary>
internal static class PolicyFiles
{
    public const string DefaultFolder = "deploy/policies";
    public const string PolicyPattern = "*.policy.json";

    public static IReadOnlyList<string> Expand(IEnumerable<string> paths) => paths
        .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, PolicyPattern).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p])
        .ToArray();

    public static bool TryRead(string path, out SharingPolicy? policy, out string error)
    {
        policy = null;
        if (!File.Exists(path))
        {
            error = $"{path}: file not found";
            return false;
        }

        var info = new FileInfo(path);
        if (info.Length > PolicyParser.MaxDocumentBytes)
        {
            error = $"{path}: $: the document is {info.Length} bytes; the limit is {PolicyParser.MaxDocumentBytes}";
            return false;
        }

        var ok = PolicyParser.TryParse(path, File.ReadAllBytes(path), out policy, out var result);
        error = ok ? string.Empty : string.Join(Environment.NewLine, result.Errors);
        return ok;
    }

    /// <summary>Loads every policy of a folder (or the given files) into a set; any invalid file aborts with its errors.</summary>
    public static PolicySet LoadSet(string folder, TextWriter errors)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException($"{folder}: no such folder of policies (run from the repository root or pass --policies)");
        }

        var policies = new List<SharingPolicy>();
        foreach (var file in Expand([folder]))
        {
            if (!TryRead(file, out var policy, out var error))
            {
                errors.WriteLine(error);
                throw new CliException($"invalid policy {file}");
            }

            policies.Add(policy!);
        }

        if (policies.Count == 0)
        {
            throw new CliException($"no {PolicyPattern} files in {folder}");
        }

        return PolicySet.Create(policies);
    }

    public static AgencyDirectory LoadDirectory(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: agency directory not found");
        }

        return AgencyDirectoryJson.TryParse(path, File.ReadAllBytes(path), out var directory, out var error)
            ? directory
            : throw new CliException(error);
    }
}

/// <summary>A user error in a policy command: printed without a stack trace, exit code 1 (2 for usage).</summary>
internal sealed class CliException(string message) : Exception(message);
