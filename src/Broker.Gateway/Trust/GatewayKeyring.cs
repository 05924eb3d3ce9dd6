using Broker.Gateway.Options;
using Broker.Hosting.Keys;
using Broker.Hosting.TrustState;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Trust;

/// <summary>
/// The agency's private keys (from its passphrase-protected key file) and the signed trust registry, loaded once at
/// startup. A wrong passphrase, a key file for another agency or a registry that fails its anchor check stops the host;
/// the messages name the file and the reason code, never the passphrase or key bytes.
/// </summary>
internal sealed class GatewayKeyring : IDisposable
{
    public GatewayKeyring(AgencyKeys keys, TrustRegistry registry)
    {
        Keys = keys;
        Registry = registry;
    }

    public AgencyKeys Keys { get; }

    public TrustRegistry Registry { get; }

    public static GatewayKeyring Load(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var anchor = KeyFiles.ReadSigningPublicKey(o.TrustAnchorPath);
        var file = File.ReadAllBytes(o.RegistryPath);
        if (!TrustRegistry.TryLoad(file, anchor, out var fromFile, out var registryReason))
        {
            throw new InvalidOperationException($"The trust registry {o.RegistryPath} was refused: {registryReason}.");
        }

        // The newest registry accepted before this start is read first: an older file (one that may still list a revoked key) is
        // refused and the kept registry used; a newer file is kept before it is used.
        var state = new RegistryState(string.IsNullOrWhiteSpace(o.RegistryStatePath) ? o.StorePath + ".registry-state.json" : o.RegistryStatePath);
        var registry = state.Choose(anchor, (fromFile, file), out var rolledBack).Registry;

        if (!AgencyKeys.TryImportProtected(File.ReadAllBytes(o.KeyFilePath), o.KeyPassphrase, out var keys, out var keyReason))
        {
            throw new InvalidOperationException($"The key file {o.KeyFilePath} could not be opened: {keyReason}.");
        }

        if (keys.Agency != o.AgencyId)
        {
            keys.Dispose();
            throw new InvalidOperationException($"The key file {o.KeyFilePath} belongs to another agency than {o.Agency}.");
        }

        return new GatewayKeyring(keys, registry) { RolledBackFileVersion = rolledBack };
    }

    /// <summary>The registry file's version when it was refused at start-up as older than the kept registry; null otherwise.</summary>
    public long? RolledBackFileVersion { get; private init; }

    public void Dispose() => Keys.Dispose();
}
