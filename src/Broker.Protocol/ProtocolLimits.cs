namespace Broker.Protocol;

/// <summary>
/// Hard caps of protocol v1 (protocols/envelope-v1.md, "Limits"). Every parser checks a declared size or count against
/// these before it allocates; an input over a cap is refused with <see cref="RejectReason.TooLarge"/> or
/// <see cref="RejectReason.LimitExceeded"/>, and <c>Seal</c> refuses to produce one.
/// </summary>
public static class ProtocolLimits
{
    public const int MaxEnvelopeBytes = 4 * 1024 * 1024;
    public const int MaxHeaderBytes = 64 * 1024;
    public const int MaxViewPlaintextBytes = 1024 * 1024;
    public const int MaxRecipients = 64;
    public const int MaxViews = 8;
    public const int MaxDataClassesPerView = 32;
    public const int MaxPurposeBytes = 64;
    public const int MaxCborDepth = 8;
    public const int MaxRegistryBytes = 4 * 1024 * 1024;
    public const int MaxRegistryAgencies = 1024;
    public const int MaxRegistryCountries = 256;
    public const int MaxKeysPerEntry = 16;
    public const int MaxNameChars = 128;

    /// <summary>How far in the future <c>created</c> may lie, to absorb clock skew between agencies and the hub.</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest permitted span between <c>created</c> and <c>expires</c>.</summary>
    public static TimeSpan MaxLifetime { get; } = TimeSpan.FromDays(30);
}
