using System.Collections.Frozen;

namespace Broker.Policy.Model;

/// <summary>
/// The built-in country groups every policy may name. A policy may define further groups of its own but cannot redefine these.
/// </summary>
public static class CountryGroups
{
    public const string Asean = "ASEAN";
    public const string AseanPlusRussia = "ASEAN+RU";

    public static IReadOnlyList<CountryCode> AseanMembers { get; } =
        new[] { "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN" }.Select(c => new CountryCode(c)).ToArray();

    public static IReadOnlyList<CountryCode> Network { get; } = [.. AseanMembers, new CountryCode("RU")];

    public static FrozenDictionary<string, FrozenSet<CountryCode>> BuiltIn { get; } = new Dictionary<string, FrozenSet<CountryCode>>
    {
        [Asean] = AseanMembers.ToFrozenSet(),
        [AseanPlusRussia] = Network.ToFrozenSet(),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
