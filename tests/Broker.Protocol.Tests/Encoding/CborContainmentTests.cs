using System.Text.RegularExpressions;

namespace Broker.Protocol.Tests.Encoding;

/// <summary>
/// Broker.Protocol is the only home of byte formats: no other project reads or writes CBOR, so every decode goes through the strict
/// pre-walk of <c>Cbor.TryDecode</c>. Only Broker.Protocol and its own tests (which build hostile CBOR by hand) may name the library.
/// </summary>
public sealed partial class CborContainmentTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] CodeFolders = ["src", "tests"];

    [Test]
    public void SourceFiles_OutsideBrokerProtocol_NeverNameTheCborLibrary()
    {
        var scanned = SourceFiles().Where(f => !InsideProtocol(f)).ToList();
        var offenders = scanned.Where(f => CborApi().IsMatch(File.ReadAllText(f))).Select(Relative).ToList();
        using (Assert.EnterMultipleScope())
        {
            // Guards against a scan that silently finds nothing (a moved root, a renamed folder).
            Assert.That(scanned, Has.Count.GreaterThan(100), "source files outside Broker.Protocol scanned");
            Assert.That(SourceFiles().Where(InsideProtocol).Any(f => CborApi().IsMatch(File.ReadAllText(f))), Is.True, "the scan sees Broker.Protocol's own use");
            Assert.That(offenders, Is.Empty, "only Broker.Protocol reads or writes CBOR; use its codecs");
        }
    }

    [Test]
    public void ProjectFiles_OtherThanBrokerProtocol_NeverReferenceTheCborPackage()
    {
        var projects = Directory.EnumerateFiles(Root, "*.*proj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Root, "Directory.Build.*", SearchOption.AllDirectories))
            .Where(f => !Ignored(f))
            .ToList();
        var offenders = projects
            .Where(f => Path.GetFileName(f) is not ("Broker.Protocol.csproj" or "Broker.Protocol.Tests.csproj"))
            .Where(f => File.ReadAllText(f).Contains("System.Formats.Cbor", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(projects.Select(Path.GetFileName), Does.Contain("Broker.Protocol.csproj").And.Contain("Broker.Hub.csproj"));
            Assert.That(offenders, Is.Empty, "only Broker.Protocol references System.Formats.Cbor");
        }
    }

    private static IEnumerable<string> SourceFiles() =>
        CodeFolders.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories)).Where(f => !Ignored(f));

    private static bool InsideProtocol(string file)
    {
        var relative = Relative(file);
        return relative.StartsWith("src/Broker.Protocol/", StringComparison.Ordinal) || relative.StartsWith("tests/Broker.Protocol.Tests/", StringComparison.Ordinal);
    }

    private static bool Ignored(string file)
    {
        var relative = Relative(file);
        return relative.StartsWith("artifacts/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
            || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("node_modules/", StringComparison.Ordinal);
    }

    private static string Relative(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the test directory.");
    }

    [GeneratedRegex(@"System\.Formats\.Cbor|\bCbor(Reader|Writer|ConformanceMode)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CborApi();
}
