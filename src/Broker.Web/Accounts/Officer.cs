namespace Broker.Web.Accounts;

/// <summary>What an officer may do: read and act (officer), plus see the dashboard of everyone (supervisor), plus manage accounts (administrator).</summary>
internal enum OfficerRole
{
    Officer = 0,
    Supervisor = 1,
    Administrator = 2,
}

/// <summary>Classification levels in order; an officer sees alerts at or below their clearance.</summary>
internal enum Clearance
{
    Unclassified = 0,
    Restricted = 1,
    Confidential = 2,
    Secret = 3,
}

internal sealed record Officer
{
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required string Agency { get; init; }
    public required OfficerRole Role { get; init; }
    public required Clearance Clearance { get; init; }
    public required string PasswordHash { get; init; }
    public required string TotpSecret { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public long LastTotpStep { get; init; }
}

internal static class ClearanceNames
{
    public static bool TryParse(string? classification, out Clearance clearance)
    {
        clearance = classification switch
        {
            "unclassified" => Clearance.Unclassified,
            "restricted" => Clearance.Restricted,
            "confidential" => Clearance.Confidential,
            "secret" => Clearance.Secret,
            _ => (Clearance)(-1),
        };
        return (int)clearance >= 0;
    }

    public static string Name(Clearance clearance) => clearance switch
    {
        Clearance.Unclassified => "unclassified",
        Clearance.Restricted => "restricted",
        Clearance.Confidential => "confidential",
        Clearance.Secret => "secret",
        _ => "unknown",
    };
}
