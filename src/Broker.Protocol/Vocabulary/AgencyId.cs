using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Broker.Protocol.Vocabulary;

/// <summary>
/// An agency identifier <c>CC-NAME</c>: an ISO 3166-1 alpha-2 country code, a hyphen and 1-16 upper-case letters or digits.
/// Parsing is strict; anything else is refused, so the same agency always has the same bytes on the wire.
/// </summary>
public readonly partial record struct AgencyId
{
    public const int MaxLength = 19;

    private AgencyId(string value) => Value = value;

    public string Value { get; }

    /// <summary>The two-letter country code the agency belongs to.</summary>
    public CountryCode Country => new(Value[..2]);

    public static bool TryParse([NotNullWhen(true)] string? text, out AgencyId id)
    {
        if (text is not null && text.Length <= MaxLength && Pattern().IsMatch(text))
        {
            id = new AgencyId(text);
            return true;
        }

        id = default;
        return false;
    }

    public static AgencyId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("An agency id is CC-NAME: two upper-case letters, a hyphen, 1-16 upper-case letters or digits.");

    public override string ToString() => Value ?? string.Empty;

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "SG-CNB\n" pass (issue 12 item 7).
    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{1,16}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
