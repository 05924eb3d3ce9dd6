using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;
using Broker.Policy.Model;

namespace Broker.Policy.Loading;

/// <summary>
/// Reads a policy document from bytes the caller supplies and refuses it loudly when anything is wrong: JSON syntax, the schema
/// (protocols/policy.schema.json), unknown members or names, then the rules the schema cannot express (unique rule ids, defined
/// groups, local agencies of the policy's own country). Every error names the source, a JSON path and the reason. No I/O.
/// </summary>
public static partial class PolicyParser
{
    public const int MaxDocumentBytes = 256 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Validates without building: the write-time check editors and <c>broker policy validate</c> run.</summary>
    public static PolicyValidationResult Validate(string source, ReadOnlySpan<byte> document, CountryCode? expectedCountry = null) =>
        TryParse(source, document, out _, out var result, expectedCountry) ? PolicyValidationResult.Valid : result;

    public static bool TryParse(
        string source,
        ReadOnlySpan<byte> document,
        [NotNullWhen(true)] out SharingPolicy? policy,
        out PolicyValidationResult result,
        CountryCode? expectedCountry = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        policy = null;
        if (document.Length > MaxDocumentBytes)
        {
            result = Fail(source, "$", $"the document is {document.Length} bytes; the limit is {MaxDocumentBytes}");
            return false;
        }

        // JsonDocument checks UTF-8 only in the strings it decodes, and the schema evaluator decodes them later and throws
        // (found by the policy fuzz target): refuse a malformed document as a whole first.
        if (!Utf8.IsValid(document) || HasLoneSurrogate(document))
        {
            result = Fail(source, "$", "not valid JSON (the document is not valid UTF-8, or escapes a lone surrogate)");
            return false;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            result = Fail(source, "$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
            return false;
        }

        using (json)
        {
            var schemaErrors = PolicySchema.Validate(source, json.RootElement);
            if (schemaErrors.Count > 0)
            {
                result = PolicyValidationResult.Invalid(schemaErrors);
                return false;
            }

            PolicyDocumentJson? dto;
            try
            {
                dto = json.RootElement.Deserialize(PolicyJsonContext.Default.PolicyDocumentJson);
            }
            catch (JsonException e)
            {
                result = Fail(source, e.Path ?? "$", "unknown or malformed member: " + FirstSentence(e.Message));
                return false;
            }

            if (dto is null)
            {
                result = Fail(source, "$", "the document is null");
                return false;
            }

            var errors = new List<PolicyError>();
            var built = Build(source, dto, document, expectedCountry, errors);
            if (errors.Count > 0 || built is null)
            {
                result = PolicyValidationResult.Invalid(errors);
                return false;
            }

            policy = built;
            result = PolicyValidationResult.Valid;
            return true;
        }
    }

    /// <summary>Lower-case hex SHA-256 of the document bytes, as recorded in <see cref="PolicyVersionRef.Digest"/>.</summary>
    public static string Digest(ReadOnlySpan<byte> document) => Convert.ToHexStringLower(SHA256.HashData(document));

    private static PolicyValidationResult Fail(string source, string path, string reason) =>
        PolicyValidationResult.Invalid([new PolicyError(source, path, reason)]);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static DateTimeOffset? ParseEffective(string text, string source, List<PolicyError> errors)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(new PolicyError(source, "$.effective", $"'{text}' is not an RFC 3339 date-time"));
        return null;
    }

    // "\ud800" is valid JSON syntax but no Unicode text; decoding it throws InvalidOperationException (found by fuzzing).
    // Malformed JSON is left to the parse below, which names its line and byte.
    private static bool HasLoneSurrogate(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        return false;
    }
}
