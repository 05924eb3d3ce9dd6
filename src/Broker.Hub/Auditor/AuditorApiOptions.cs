using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Auditor;

/// <summary>
/// The read-only auditor API (served by the hub's Kestrel on <c>Urls</c>, loopback by default). Each account holds only the
/// SHA-256 (hex) of its bearer token; tokens are 32 random bytes (<c>broker audit token</c> style: base64url), so a fast hash is
/// enough, and the comparison is constant-time.
/// </summary>
public sealed class AuditorApiOptions
{
    public const string SectionName = "AuditorApi";

    public bool Enabled { get; set; } = true;

    [ValidateEnumeratedItems] public IList<AuditorAccount> Accounts { get; } = [];
}

public sealed class AuditorAccount
{
    [Required] public string Name { get; set; } = "";

    /// <summary>Lowercase or uppercase hex SHA-256 of the UTF-8 bearer token (64 characters).</summary>
    [Required, RegularExpression(@"^[0-9a-fA-F]{64}\z")] public string TokenSha256 { get; set; } = "";
}

[OptionsValidator]
internal sealed partial class AuditorApiOptionsValidator : IValidateOptions<AuditorApiOptions>;
