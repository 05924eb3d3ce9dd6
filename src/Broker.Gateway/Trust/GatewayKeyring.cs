using Broker.Gateway.Options;
using Broker.Hosting.Keys;
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
        if (!TrustRegistry.TryLoad(File.ReadAllBytes(o.RegistryPath), anchor, out var registry, out var registryReason))
        {
            throw new InvalidOperationException($"The trust registry {o.RegistryPath} was refused: {registryReason}.");
        }

        if (!AgencyKeys.TryImportProtected(File.ReadAllBytes(o.KeyFilePath), o.KeyPassphrase, out var keys, out var keyReason))
        {
            throw new InvalidOperationException($"The key file {o.KeyFilePath} could not be opened: {keyReason}.");
        }

        if (keys.Agency != o.AgencyId)
        {
            keys.Dispose();
            throw new InvalidOperationException($"The key file {o.KeyFilePath} belongs to another agency than {o.Agency}.");
        }

        return new GatewayKeyring(keys, registry);
    }

    public void Dispose() => Keys.Dispose();
}
