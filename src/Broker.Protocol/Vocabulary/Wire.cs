using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Broker.Protocol.Vocabulary;

/// <summary>
/// The one place where vocabulary enums meet their wire and JSON names. Unknown names are refused (no fallback value),
/// so a typo in an alert or a policy fails loudly instead of selecting something else.
/// </summary>
public static class Wire
{
    private static readonly FrozenDictionary<Category, string> CategoryNames = new Dictionary<Category, string>
    {
        [Category.DrugTrafficking] = "drug-trafficking",
        [Category.Precursors] = "precursors",
        [Category.NewPsychoactiveSubstances] = "new-psychoactive-substances",
        [Category.Corruption] = "corruption",
        [Category.TraffickingInPersons] = "trafficking-in-persons",
        [Category.FirearmsTrafficking] = "firearms-trafficking",
        [Category.MoneyLaundering] = "money-laundering",
        [Category.TerrorismFinancing] = "terrorism-financing",
        [Category.Cybercrime] = "cybercrime",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Tlp, string> TlpNames = new Dictionary<Tlp, string>
    {
        [Tlp.Clear] = "CLEAR",
        [Tlp.Green] = "GREEN",
        [Tlp.Amber] = "AMBER",
        [Tlp.AmberStrict] = "AMBER+STRICT",
        [Tlp.Red] = "RED",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Priority, string> PriorityNames = new Dictionary<Priority, string>
    {
        [Priority.Routine] = "routine",
        [Priority.Priority] = "priority",
        [Priority.Urgent] = "urgent",
        [Priority.Immediate] = "immediate",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Classification, string> ClassificationNames = new Dictionary<Classification, string>
    {
        [Classification.Unclassified] = "unclassified",
        [Classification.Restricted] = "restricted",
        [Classification.Confidential] = "confidential",
        [Classification.Secret] = "secret",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<HandlingCodes, string> HandlingNames = new Dictionary<HandlingCodes, string>
    {
        [HandlingCodes.H0CrimeFightingOnly] = "H0",
        [HandlingCodes.H1NoEvidenceWithoutMla] = "H1",
        [HandlingCodes.H2NoOnwardWithoutConsent] = "H2",
        [HandlingCodes.H3OtherRestrictions] = "H3",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<AuthorityType, string> AuthorityNames = new Dictionary<AuthorityType, string>
    {
        [AuthorityType.Police] = "police",
        [AuthorityType.DrugControl] = "drug-control",
        [AuthorityType.Customs] = "customs",
        [AuthorityType.FinancialIntelligence] = "financial-intelligence",
        [AuthorityType.Prosecution] = "prosecution",
        [AuthorityType.Court] = "court",
    }.ToFrozenDictionary();

    public static string Name(Category value) => CategoryNames[value];

    public static string Name(Tlp value) => TlpNames[value];

    public static string Name(Priority value) => PriorityNames[value];

    public static string Name(Classification value) => ClassificationNames[value];

    public static string Name(AuthorityType value) => AuthorityNames[value];

    /// <summary>Names of the set handling codes in ascending order (H0, H1, ...).</summary>
    public static IReadOnlyList<string> Names(HandlingCodes value) =>
        HandlingNames.Where(p => value.HasFlag(p.Key)).OrderBy(p => p.Key).Select(p => p.Value).ToArray();

    public static bool TryParse(string? name, out Category value) => TryFind(CategoryNames, name, out value);

    public static bool TryParse(string? name, out Tlp value) => TryFind(TlpNames, name, out value);

    public static bool TryParse(string? name, out Priority value) => TryFind(PriorityNames, name, out value);

    public static bool TryParse(string? name, out Classification value) => TryFind(ClassificationNames, name, out value);

    public static bool TryParse(string? name, out AuthorityType value) => TryFind(AuthorityNames, name, out value);

    public static bool TryParseHandling(string? name, out HandlingCodes value) => TryFind(HandlingNames, name, out value);

    private static bool TryFind<T>(FrozenDictionary<T, string> names, [NotNullWhen(true)] string? name, out T value)
        where T : struct, Enum
    {
        foreach (var pair in names)
        {
            if (string.Equals(pair.Value, name, StringComparison.Ordinal))
            {
                value = pair.Key;
                return true;
            }
        }

        value = default;
        return false;
    }
}
