using System.Diagnostics.CodeAnalysis;

namespace Broker.Protocol.Vocabulary;

/// <summary>An ISO 3166-1 alpha-2 country code in upper case (<c>TH</c>, <c>RU</c>). Only the shape is checked.</summary>
public readonly record struct CountryCode
{
    public CountryCode(string value)
    {
        if (!IsValid(value))
        {
            throw new FormatException("A country code is two upper-case ASCII letters.");
        }

        Value = value;
    }

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out CountryCode code)
    {
        if (text is not null && IsValid(text))
        {
            code = new CountryCode(text);
            return true;
        }

        code = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;

    private static bool IsValid(string? value) => value is { Length: 2 } && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1]);
}
