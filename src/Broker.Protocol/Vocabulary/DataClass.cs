using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Broker.Protocol.Vocabulary;

/// <summary>
/// A data class tags sensitive content so policies can withhold it (<c>personal.identity</c>, <c>financial.crypto</c>).
/// Shape: lower-case dotted segments, at most 64 characters. The well-known classes are listed in <see cref="Known"/>;
/// others are allowed so a country can add its own, and policies treat an unknown class as sensitive.
/// </summary>
public readonly partial record struct DataClass
{
    public const int MaxLength = 64;

    public static readonly DataClass PersonalIdentity = new("personal.identity");
    public static readonly DataClass PersonalDocument = new("personal.document");
    public static readonly DataClass PersonalBiometric = new("personal.biometric");
    public static readonly DataClass PersonalContact = new("personal.contact");
    public static readonly DataClass FinancialAccount = new("financial.account");
    public static readonly DataClass FinancialCrypto = new("financial.crypto");
    public static readonly DataClass OperationalSource = new("operational.source");
    public static readonly DataClass OperationalLocation = new("operational.location");
    public static readonly DataClass OperationalGeneral = new("operational.general");

    public static IReadOnlyList<DataClass> Known { get; } =
    [
        PersonalIdentity, PersonalDocument, PersonalBiometric, PersonalContact, FinancialAccount, FinancialCrypto,
        OperationalSource, OperationalLocation, OperationalGeneral,
    ];

    private DataClass(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out DataClass value)
    {
        if (text is not null && text.Length <= MaxLength && Pattern().IsMatch(text))
        {
            value = new DataClass(text);
            return true;
        }

        value = default;
        return false;
    }

    public static DataClass Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException("A data class is lower-case dotted segments such as personal.identity.");

    public override string ToString() => Value ?? string.Empty;

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "personal.identity\n" pass (issue 12 item 7).
    [GeneratedRegex("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
