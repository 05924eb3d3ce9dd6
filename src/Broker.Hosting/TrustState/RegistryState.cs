using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Hosting.TrustState;

/// <summary>
/// The newest trust registry a host ever accepted, kept in an <see cref="AcceptedDocumentStore"/> and read before the registry file
/// at start-up (hub and gateway): a file older than it is refused, exactly as a reload of an older file is refused while running,
/// and the host starts with the kept one; a newer file is kept before it takes effect.
/// </summary>
public sealed class RegistryState(string path)
{
    public const string Key = "registry";

    private readonly AcceptedDocumentStore _store = new(path);

    public string Path => _store.Path;

    /// <summary>The kept registry if it still verifies under <paramref name="anchor"/>; null when none is kept or it no longer verifies.</summary>
    public (TrustRegistry Registry, byte[] Document)? Load(SigningPublicKey anchor)
    {
        var kept = _store.Load().Where(d => d.Key == Key).MaxBy(d => d.Version);
        return kept is not null && TrustRegistry.TryLoad(kept.Document, anchor, out var registry, out _) ? (registry, kept.Document) : null;
    }

    /// <summary>The highest registry version ever accepted here, even if its document no longer verifies (an anchor change).</summary>
    public long? HighestVersion => _store.HighestVersion(Key);

    /// <summary>Keeps <paramref name="registry"/> durably when it is newer than the one kept (or the same version with other bytes).</summary>
    public void Keep(TrustRegistry registry, byte[] document)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (HighestVersion is { } highest && registry.Version < highest)
        {
            return;
        }

        _store.Add(new AcceptedDocument(Key, registry.Version, document, []), onlyLatest: true);
    }

    /// <summary>
    /// Start-up: the registry to run with, given the verified file (<paramref name="fromFile"/>). An older file than the kept one is
    /// refused (<paramref name="rolledBack"/> is the file's version) and the kept one is used; otherwise the file is kept and used.
    /// </summary>
    public (TrustRegistry Registry, byte[] Document) Choose(SigningPublicKey anchor, (TrustRegistry Registry, byte[] Document) fromFile, out long? rolledBack)
    {
        rolledBack = null;
        var kept = Load(anchor);
        if (kept is { } k && fromFile.Registry.Version < k.Registry.Version)
        {
            rolledBack = fromFile.Registry.Version;
            return k;
        }

        if (kept is null && HighestVersion is { } highest && fromFile.Registry.Version < highest)
        {
            throw new InvalidOperationException(
                $"The trust registry file has version {fromFile.Registry.Version}, older than version {highest} accepted before, and the kept copy no longer verifies under the trust anchor.");
        }

        Keep(fromFile.Registry, fromFile.Document);
        return fromFile;
    }
}
