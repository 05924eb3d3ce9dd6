namespace Broker.Policy.Loading;

/// <summary>One reason a policy document was refused: the file it came from, the JSON path inside it, and what is wrong.</summary>
public sealed record PolicyError(string Source, string Path, string Reason)
{
    public override string ToString() => $"{Source}: {Path}: {Reason}";
}

/// <summary>
/// Outcome of validating a policy at write/load time. Invalid documents are refused as a whole; <see cref="Error"/> is the first
/// actionable message and <see cref="Errors"/> lists all of them.
/// </summary>
public sealed record PolicyValidationResult(bool IsValid, string? Error)
{
    public IReadOnlyList<PolicyError> Errors { get; init; } = [];

    public static PolicyValidationResult Valid { get; } = new(true, null);

    public static PolicyValidationResult Invalid(IReadOnlyList<PolicyError> errors) =>
        new(false, errors.Count == 0 ? "invalid policy" : errors[0].ToString()) { Errors = errors };
}
