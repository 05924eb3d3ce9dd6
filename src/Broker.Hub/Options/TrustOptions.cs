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
}

[OptionsValidator]
internal sealed partial class TrustOptionsValidator : IValidateOptions<TrustOptions>;
