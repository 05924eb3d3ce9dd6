using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Policies;

/// <summary>Where the signed per-country sharing policies live (<c>*.policy.json</c>, each with its <c>.sig</c> beside it).</summary>
public sealed class PolicyOptions
{
    public const string SectionName = "Policies";

    /// <summary>The policy folder; every <c>*.policy.json</c> in it (not in sub-folders) is offered to the store.</summary>
    [Required] public string Directory { get; set; } = "";

    /// <summary>Watch the folder and pick up new signed versions while running.</summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>Periodic rescan, in case a file-system event is missed (network shares, editors that swap files).</summary>
    [Range(1, 86_400)] public int RescanSeconds { get; set; } = 30;
}

[OptionsValidator]
internal sealed partial class PolicyOptionsValidator : IValidateOptions<PolicyOptions>;
