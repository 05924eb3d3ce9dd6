namespace Broker.Gateway.Alerts;

/// <summary>Caps applied to an alert before and during parsing.</summary>
internal sealed record AlertLimits
{
    public static AlertLimits Default { get; } = new();

    /// <summary>Largest accepted body; checked before the body is parsed.</summary>
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>Deepest accepted JSON nesting; the schema needs 5 levels, so 16 leaves room without inviting stack abuse.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>How far in the future a creation time may lie (clock skew between the agency system and the gateway).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}
