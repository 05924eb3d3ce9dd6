using System.Text;

namespace Broker.Gateway.Tests.Alerts;

/// <summary>
/// The JSON text itself (protocols/amqp.md §2.6): every hostile shape is refused by the validator with its own stable code,
/// never by an exception thrown from a later stage (schema, redactor), which used to requeue the message forever.
/// </summary>
public class AlertValidatorJsonShapeTests
{
    private static readonly string Sample = Encoding.UTF8.GetString(Samples.Bytes(Samples.ThOncb));

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return Case("duplicate-title", WithFirst("\"title\": \"A duplicate title\","), "duplicate-key");
        yield return Case("duplicate-escaped-name", WithFirst("\"\\u0074itle\": \"x\","), "duplicate-key");
        yield return Case("duplicate-nested", Sample.Replace("\"agency\": \"TH-ONCB\",", "\"agency\": \"TH-ONCB\", \"agency\": \"TH-ONCB\",", StringComparison.Ordinal), "duplicate-key");
        yield return Case("lone-high-surrogate-title", Title("\\ud800 starts the title"), "invalid-unicode");
        yield return Case("lone-low-surrogate-title", Title("ends with \\udc00"), "invalid-unicode");
        yield return Case("lone-surrogate-property-name", WithFirst("\"\\ud800\": 1,"), "invalid-unicode");
        yield return Case("escaped-nul", Title("nul \\u0000 inside"), "control-character");
        yield return Case("escaped-escape", Title("escape \\u001b[31m red"), "control-character");
        yield return Case("escaped-c1", Title("c1 \\u0085 next line"), "control-character");
        yield return Case("raw-c1", Title("c1 \u0085 raw"), "control-character");
        yield return Case("delete", Title("del \\u007f"), "control-character");
        yield return Case("raw-control", Title("raw \u0001 control"), "not-json");
        yield return Case("truncated-object", Sample.TrimEnd()[..^1], "not-json");
        yield return Case("truncated-mid-string", Sample[..(Sample.Length / 2)], "not-json");
        yield return Case("trailing-garbage", Sample + "}", "not-json");
        yield return Case("deep", new string('[', 17) + new string(']', 17), "nesting-too-deep");

        // Found by the case-alert fuzz target: a number beyond decimal range made the schema library's const comparison
        // throw FormatException from inside schema evaluation.
        yield return Case("schema-version-beyond-decimal", Sample.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 1e9991", StringComparison.Ordinal), "schema-violation");
        yield return Case("schema-version-tiny", Sample.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 1e-9991", StringComparison.Ordinal), "schema-violation");
    }

    [TestCaseSource(nameof(Hostile))]
    public void TryValidate_HostileJson_RefusedWithItsStableCode(string body, string code)
    {
        var ok = Samples.Validator().TryValidate(Encoding.UTF8.GetBytes(body), out var alert, out var rejection);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(alert, Is.Null);
            Assert.That(rejection!.WireCode, Is.EqualTo(code), rejection.Reason);

            // The reason names a place, never the content.
            Assert.That(rejection.Reason, Does.Not.Contain("duplicate title").And.Not.Contain("starts the title").And.Not.Contain("31m"));
        }
    }

    [Test]
    public void TryValidate_SixteenLevelsDeep_NotRefusedForDepth()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 16) + new string(']', 16));
        Samples.Validator().TryValidate(body, out _, out var rejection);
        Assert.That(rejection!.WireCode, Is.EqualTo("schema-violation"));
    }

    [TestCase("line one\\nline two\\ttabbed\\r\\n")]
    [TestCase("emoji \\ud83d\\ude00 as a pair")]
    [TestCase("Thai \u0e44\u0e17\u0e22 and Cyrillic \u0420\u0443\u0441")]
    public void TryValidate_TabsNewlinesAndPairedSurrogates_Accepted(string title)
    {
        var ok = Samples.Validator().TryValidate(Encoding.UTF8.GetBytes(Title(title)), out _, out var rejection);
        Assert.That(ok, Is.True, rejection?.Reason);
    }

    private static TestCaseData Case(string name, string body, string code) =>
        new TestCaseData(body, code).SetName($"TryValidate_{name}_RefusedWith_{code}");

    private static string WithFirst(string member) => "{" + member + Sample.TrimStart()[1..];

    private static string Title(string jsonEscapedTitle) =>
        Sample.Replace("\"title\": \"Methamphetamine shipment by sea towards Port Klang and Vladivostok\"", $"\"title\": \"{jsonEscapedTitle}\"", StringComparison.Ordinal);
}
