using Broker.Audit.Storage;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Cli.Audit;

/// <summary>
/// Public keys an auditor is given. A key file holds the composite public key, Ed25519 (32 bytes) followed by ML-DSA-65
/// (1952 bytes), either raw (1984 bytes) or as one line of base64.
/// </summary>
internal static class AuditKeys
{
    private const int RawLength = SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length;

    public static SigningPublicKey Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new AuditCliException($"No key file at {path}.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != RawLength)
        {
            try
            {
                bytes = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(bytes).Trim());
            }
            catch (FormatException)
            {
                throw new AuditCliException($"{path} is neither a raw {RawLength}-byte public key nor its base64.");
            }
        }

        return bytes.Length == RawLength && SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key)
            ? key
            : throw new AuditCliException($"{path} does not hold a {RawLength}-byte composite public key.");
    }

    public static void Save(string path, SigningPublicKey key) =>
        File.WriteAllText(path, Convert.ToBase64String([.. key.Ed25519, .. key.MlDsa65]) + "\n");

    /// <summary>The hub's log keys listed by every registry version in the log that verifies under the registry anchor.</summary>
    public static async Task<IReadOnlyList<SigningPublicKey>> HubKeysFromLogAsync(IAuditStore store, SigningPublicKey anchor, CancellationToken cancellationToken)
    {
        var keys = new List<SigningPublicKey>();
        await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _) && entry.Record is RegistryChanged changed
                && TrustRegistry.TryLoad(changed.SignedRegistry, anchor, out var registry, out _))
            {
                keys.AddRange(registry.Hub.SigningKeys.Select(k => k.Key).Where(k => !keys.Contains(k)));
            }
        }

        return keys;
    }
}
