using System.ComponentModel.DataAnnotations;
using Broker.Hosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Policies;

/// <summary>
/// Where a host reads the signed sharing policies (<c>*.policy.json</c>, each with its <c>.sig</c> beside it) and how it notices new
/// versions: a file-system watcher and a periodic rescan. The hub binds section <c>Policies</c>, a gateway <c>Gateway:Policies</c>.
/// A missing folder fails startup.
/// </summary>
public sealed class PolicyFolderOptions : IValidatableObject
{
    /// <summary>The policy folder; every <c>*.policy.json</c> in it (not in sub-folders) is offered to the policy store.</summary>
    [Required] public string Directory { get; set; } = "";

    /// <summary>Watch the folder for changes, besides the periodic rescan.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Period of a full rescan, a safety net for events a watcher misses (network shares, editors that swap files).</summary>
    [Range(1, 86_400)] public int RescanSeconds { get; set; } = 30;

    /// <summary>
    /// The trust state file where every accepted version is kept and read before the folder at start-up, so an older signed document
    /// is refused after a restart as before it (protocols/policy.md). Empty: the host picks one beside its own data (hub
    /// <c>&lt;Audit:SqlitePath&gt;.policy-state.json</c>, gateway <c>&lt;StorePath&gt;.policy-state.json</c>); only tools leave it unset.
    /// </summary>
    public string StatePath { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Directory) && !System.IO.Directory.Exists(Directory))
        {
            yield return new ValidationResult($"The policy folder '{Directory}' does not exist.", [nameof(Directory)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class PolicyFolderOptionsValidator : IValidateOptions<PolicyFolderOptions>;

public static class PolicyFolderServices
{
    /// <summary>Binds and validates <see cref="PolicyFolderOptions"/> from <paramref name="sectionName"/> at startup.</summary>
    public static IServiceCollection AddPolicyFolderOptions(this IServiceCollection services, string sectionName)
    {
        services.AddValidatedOptions<PolicyFolderOptions, PolicyFolderOptionsValidator>(sectionName);
        return services;
    }
}
