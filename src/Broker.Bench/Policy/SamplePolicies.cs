using System.CommandLine;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Bench.Policy;

/// <summary>Reads a folder of policy documents and an agency directory for the policy benchmark (signatures are not its subject).</summary>
internal static class SamplePolicies
{
    public const string DefaultFolder = "deploy/policies";

    /// <summary>Every <c>*.policy.json</c> of the folder in one set; an invalid or oversized file aborts with its errors.</summary>
    public static PolicySet LoadSet(string folder, TextWriter errors)
    {
        if (!Directory.Exists(folder))
        {
            throw new BenchException($"{folder}: no such folder of policies (run from the repository root or pass --policies)");
        }

        var policies = new List<SharingPolicy>();
        foreach (var file in Directory.GetFiles(folder, "*.policy.json").Order(StringComparer.Ordinal))
        {
            var bytes = new FileInfo(file).Length <= PolicyParser.MaxDocumentBytes ? File.ReadAllBytes(file) : throw new BenchException($"{file}: larger than a policy may be");
            if (!PolicyParser.TryParse(file, bytes, out var policy, out var result))
            {
                errors.WriteLine(string.Join(Environment.NewLine, result.Errors));
                throw new BenchException($"invalid policy {file}");
            }

            policies.Add(policy);
        }

        return policies.Count > 0 ? PolicySet.Create(policies) : throw new BenchException($"no *.policy.json files in {folder}");
    }

    public static AgencyDirectory LoadDirectory(string path) =>
        !File.Exists(path) ? throw new BenchException($"{path}: agency directory not found")
        : AgencyDirectoryJson.TryParse(path, File.ReadAllBytes(path), out var directory, out var error) ? directory
        : throw new BenchException(error);

    /// <summary>Runs a command body; a <see cref="BenchException"/> prints one line to stderr and returns 1 instead of a stack trace.</summary>
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        try
        {
            return body(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        }
        catch (BenchException e)
        {
            parse.InvocationConfiguration.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}

/// <summary>An input problem (missing file, invalid policy): printed as one line, exit code 1.</summary>
internal sealed class BenchException(string message) : Exception(message);
