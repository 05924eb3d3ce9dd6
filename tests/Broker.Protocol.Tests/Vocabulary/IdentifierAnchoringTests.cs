using System.Text.Json;
using System.Text.RegularExpressions;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Vocabulary;

/// <summary>
/// Issue 12 item 7: in .NET a pattern ending in <c>$</c> also matches before a final "\n", so "personal.identity\n" passed as a
/// data class and "SG-CNB\n" as an agency id. Every identifier pattern is anchored at the very end of the input now.
/// </summary>
public sealed class IdentifierAnchoringTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    [TestCase("personal.identity\n")]
    [TestCase("personal.identity\r\n")]
    [TestCase("operational.general\n")]
    public void DataClass_WithATrailingNewline_IsRefused(string text)
    {
        Assert.That(DataClass.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => DataClass.Parse(text), "so Seal can never be handed such a class");
    }

    [TestCase("SG-CNB\n")]
    [TestCase("TH-ONCB\n")]
    [TestCase("SG-CNB\r\n")]
    public void AgencyId_WithATrailingNewline_IsRefused(string text)
    {
        Assert.That(AgencyId.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => AgencyId.Parse(text), "so Seal can never be handed such a recipient or sender");
    }

    [Test]
    public void AgencyIdAndDataClass_WithoutNewline_StillParse()
    {
        Assert.That(AgencyId.TryParse("SG-CNB", out _), Is.True);
        Assert.That(DataClass.TryParse("personal.identity", out _), Is.True);
    }

    /// <summary>The genuine sender re-signs a header whose text says "personal.identity\n": the signature is fine, the class is not.</summary>
    [Test]
    public void Verify_DataClassWithTrailingNewline_SignedByTheSender_IsInvalidField() =>
        Expect.VerifyRejects(ResignedWithNewline("personal.identity"), RejectReason.InvalidField);

    [Test]
    public void Verify_RecipientIdWithTrailingNewline_SignedByTheSender_IsInvalidField() =>
        Expect.VerifyRejects(ResignedWithNewline("SG-CNB"), RejectReason.InvalidField);

    [Test]
    public void Verify_SenderIdWithTrailingNewline_IsInvalidField() =>
        Expect.VerifyRejects(ResignedWithNewline("TH-ONCB"), RejectReason.InvalidField);

    /// <summary>Every pattern of the JSON schemas the C# code evaluates (JsonSchema.Net runs them with .NET's engine) ends at the end of the input.</summary>
    [Test]
    public void SchemaPatterns_RefuseAValueFollowedByANewline()
    {
        var patterns = SchemaPatterns().ToList();
        Assert.That(patterns, Has.Count.GreaterThan(15));
        foreach (var pattern in patterns)
        {
            Assert.That(Samples.TryGetValue(pattern.Replace("(?!\\n)$", "$", StringComparison.Ordinal), out var sample), Is.True, $"no sample for pattern {pattern}");
            Assert.That(Regex.IsMatch(sample!, pattern), Is.True, $"{pattern} should match {sample}");
            Assert.That(Regex.IsMatch(sample + "\n", pattern), Is.False, $"{pattern} matches a value followed by a newline");
        }
    }

    /// <summary>Guards the source: a new anchored regex in src/ must end in \z, not $.</summary>
    [Test]
    public void SourcePatterns_AnchoredAtTheStart_EndWithBackslashZ()
    {
        var root = RepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => (x.line.Contains("GeneratedRegex(", StringComparison.Ordinal) || x.line.Contains("RegularExpression(", StringComparison.Ordinal))
                && Regex.IsMatch(x.line, "\"\\^[^\"]*\\$\""))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.i + 1}")
            .ToList();
        Assert.That(offenders, Is.Empty);
    }

    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["^[^@\\s]+@[^@\\s]+$"] = "duty@oncb.go.th",
        ["^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"] = "0123abcd-0123-4567-89ab-0123456789ab",
        ["^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$"] = "2026-11-28T10:00:00Z",
        ["^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] = "2026-11-28",
        ["^[A-Z]{2}-[A-Z0-9]{1,16}$"] = "SG-CNB",
        ["^[A-Z]{2}$"] = "TH",
        ["^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$"] = "personal.identity",
        ["^[A-Za-z0-9_-]{1,32}$"] = "CASE-2026_01",
        ["^\\+[1-9][0-9]{6,14}$"] = "+66812345678",
        ["^[A-HJ-NPR-Z0-9]{17}$"] = "1HGCM82633A004352",
        ["^IMO[0-9]{7}$"] = "IMO9074729",
        ["^[0-9]{9}$"] = "123456789",
        ["^[A-Z0-9]{2,3}$"] = "TG",
        ["^[0-9]{1,4}[A-Z]?$"] = "661",
        ["^[A-Z]{3}$"] = "BKK",
        ["^[0-9]{15}$"] = "490154203237518",
        ["^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$"] = "BKKBTHBK",
        ["^[A-Z0-9]{2,10}$"] = "USDT",
        ["^[A-Za-z0-9:]{20,128}$"] = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ["^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"] = "2026-11-28T10:00:00+07:00",
        ["^[A-Z][A-Z0-9+-]{1,31}$"] = "AMBER+STRICT",
        ["^[a-z0-9][a-z0-9.-]{0,63}$"] = "th.oncb-policy",
        ["^(\\*|[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*)$"] = "personal",
    };

    private static IEnumerable<string> SchemaPatterns()
    {
        foreach (var file in new[] { "case-alert.schema.json", "policy.schema.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot(), "protocols", file)));
            foreach (var pattern in Walk(doc.RootElement))
            {
                yield return pattern;
            }
        }
    }

    private static IEnumerable<string> Walk(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "pattern" && p.Value.ValueKind == JsonValueKind.String)
                {
                    yield return p.Value.GetString()!;
                }

                foreach (var inner in Walk(p.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in e.EnumerateArray().SelectMany(Walk))
            {
                yield return inner;
            }
        }
    }

    private static byte[] ResignedWithNewline(string identifier)
    {
        var sender = World["TH-ONCB"];
        var request = World.Request([TestWorld.View("full", "personal.identity"), TestWorld.View("redacted", "operational.general")], ["SG-CNB", "RU-MVD"]);
        var wire = Tamper.Parse(Envelope.Seal(request, sender));
        var from = Text(identifier);
        var to = Text(identifier + "\n");
        var at = wire.HeaderBytes.Span.IndexOf(from);
        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        byte[] header = [.. wire.HeaderBytes.Span[..at], .. to, .. wire.HeaderBytes.Span[(at + from.Length)..]];
        return Tamper.Write(wire with { HeaderBytes = header, Signature = Tamper.Sign(header, sender.Signing) });
    }

    private static byte[] Text(string s)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        return [(byte)(0x60 + bytes.Length), .. bytes];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the test directory.");
    }
}
