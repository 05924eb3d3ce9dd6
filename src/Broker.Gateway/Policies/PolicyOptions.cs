using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Policies;

/// <summary>
/// Where the gateway reads the signed sharing policies (<c>&lt;cc&gt;.policy.json</c> + <c>.sig</c>) and how often it looks again.
/// The policy keys come from the trust registry (<c>Gateway:RegistryPath</c>). A missing folder fails startup.
/// </summary>
public sealed class PolicyOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Policies";

    /// <summary>The folder of signed policy documents; watched while the gateway runs.</summary>
    [Required] public string Directory { get; set; } = "";

    /// <summary>Rescan period, a safety net for file events the watcher misses (network shares, editors that rename).</summary>
    [Range(1, 3600)] public int RescanSeconds { get; set; } = 30;

    /// <summary>Use a file-system watcher besides the periodic rescan.</summary>
    public bool Watch { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Directory) && !System.IO.Directory.Exists(Directory))
        {
            yield return new ValidationResult($"Gateway:Policies:Directory '{Directory}' does not exist.", [nameof(Directory)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class PolicyOptionsValidator : IValidateOptions<PolicyOptions>;
