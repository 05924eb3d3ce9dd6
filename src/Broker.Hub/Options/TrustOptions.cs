using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

/// <summary>Where the signed trust registry, its trust anchor and the hub's receipt-signing key live.</summary>
public sealed class TrustOptions
{
    public const string SectionName = "Trust";

    /// <summary>The signed registry file (TrustRegistry.SignDocument output).</summary>
    [Required] public string RegistryPath { get; set; } = "";

    /// <summary>The registry anchor's public key: Ed25519 (32 B) followed by ML-DSA-65 (1952 B), raw or base64 text.</summary>
    [Required] public string TrustAnchorPath { get; set; } = "";

    /// <summary>The hub's signing key seed (32 bytes, raw, hex or base64 text); its public key must be in the registry's hub entry.</summary>
    [Required] public string HubSigningKeyPath { get; set; } = "";

    /// <summary>Reload the registry when its file changes (a newer, validly signed version replaces the current one).</summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>
    /// The trust state file keeping the newest registry ever accepted, read before <see cref="RegistryPath"/> at start-up (an older
    /// file is then refused, as on reload). Empty: <c>&lt;Audit:SqlitePath&gt;.registry-state.json</c>, beside the hub's SQLite audit log.
    /// </summary>
    public string StatePath { get; set; } = "";
}

/// <summary>
/// Where the hub keeps its small state files by default: beside its SQLite audit log and named after it
/// (<c>data/audit.db.registry-state.json</c>), so a hub instance's trust state goes with its own log.
/// </summary>
internal static class HubStateFiles
{
    public static string Beside(Audit.AuditOptions audit, string suffix) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(audit.SqlitePath) ? "data/audit.db" : audit.SqlitePath) + "." + suffix;
}

[OptionsValidator]
internal sealed partial class TrustOptionsValidator : IValidateOptions<TrustOptions>;
