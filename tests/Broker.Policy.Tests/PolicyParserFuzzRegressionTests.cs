using System.Text;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>
/// Crashes found by the policy fuzz target (tests/Broker.Fuzz, deploy/fuzz.sh policy): each input once threw out of a TryParse
/// that must answer false with a reason.
/// </summary>
public class PolicyParserFuzzRegressionTests
{
    // A byte that is never valid UTF-8 (0xA4 is a continuation byte with no lead) inside a string value: System.Text.Json parses
    // the document (it checks UTF-8 only where it decodes) and the schema evaluation threw InvalidOperationException on it.
    [Test]
    public void TryParse_InvalidUtf8InAString_RefusedNotThrown()
    {
        var bytes = WithInvalidUtf8(Bytes(Open("TH")));

        var ok = PolicyParser.TryParse("th", bytes, out var policy, out var result);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(policy, Is.Null);
            Assert.That(result.Error, Does.Contain("UTF-8"));
        }
    }

    // The directory reader deserializes, which decodes every string, so the same byte is a JsonException there: kept as the
    // boundary's negative case beside the policy's.
    [Test]
    public void TryParse_AgencyDirectoryWithInvalidUtf8_RefusedNotThrown()
    {
        var bytes = WithInvalidUtf8("""{"agencies":[{"id":"TH-ONCB","country":"TH","name":"X","authority":"police","status":"active"}]}"""u8.ToArray());

        var ok = AgencyDirectoryJson.TryParse("agencies", bytes, out var directory, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(directory, Is.Null);
            Assert.That(error, Does.StartWith("agencies: "));
        }
    }

    // Replaces the first character of the first string value after the first colon with 0xA4.
    private static byte[] WithInvalidUtf8(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var at = text.IndexOf(": \"", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : text.IndexOf(":\"", StringComparison.Ordinal) + 2;
        var bytes = (byte[])json.Clone();
        bytes[Encoding.UTF8.GetByteCount(text[..at])] = 0xA4;
        return bytes;
    }

    // "\udc00" is valid JSON syntax but no Unicode text: the schema evaluation threw InvalidOperationException decoding it.
    [Test]
    public void TryParse_LoneSurrogateEscape_RefusedNotThrown()
    {
        var text = Encoding.UTF8.GetString(Bytes(Open("TH")));
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\"2026-01-01T00:00:00Z\"", "\"\\udc00\"", StringComparison.Ordinal));
        Assert.That(bytes, Has.Length.LessThan(text.Length), "the test document holds the effective date to replace");

        var ok = PolicyParser.TryParse("th", bytes, out var policy, out var result);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(policy, Is.Null);
            Assert.That(result.Error, Does.Contain("surrogate"));
        }
    }
}
