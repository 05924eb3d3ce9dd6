using System.Collections.Frozen;

namespace Broker.Policy.Model;

/// <summary>
/// Data-class patterns in rules: <c>*</c> is every class, <c>personal</c> is <c>personal</c> and everything under it,
/// <c>personal.identity</c> is that class and its sub-classes.
/// </summary>
public static class DataClassRules
{
    public static bool Matches(string pattern, DataClass dataClass)
    {
        var value = dataClass.Value;
        return pattern == "*"
            || string.Equals(value, pattern, StringComparison.Ordinal)
            || (value.Length > pattern.Length && value.StartsWith(pattern, StringComparison.Ordinal) && value[pattern.Length] == '.');
    }

    public static bool MatchesAny(IReadOnlyList<string> patterns, DataClass dataClass)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Matches(patterns[i], dataClass))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsKnown(DataClass dataClass) => KnownSet.Contains(dataClass);

    private static readonly FrozenSet<DataClass> KnownSet = DataClass.Known.ToFrozenSet();
}
