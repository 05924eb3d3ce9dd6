using System.Security.Cryptography;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;

namespace Broker.Hosting.Policies;

public sealed partial class PolicyFolder
{
    public const string DocumentPattern = "*.policy.json";
    private const long MaxFileBytes = PolicyParser.MaxDocumentBytes;

    /// <summary>Offers every new or changed document (by content) to the store, each country's files in version order.</summary>
    private List<PolicyUpdateResult> OfferChanged()
    {
        var restored = RestoreKept();
        var offers = new List<(string Path, string Fingerprint, byte[] Document, byte[]? SignatureFile, string SortKey, long Version)>();
        foreach (var path in System.IO.Directory.GetFiles(_options.Directory, DocumentPattern).Order(StringComparer.Ordinal))
        {
            try
            {
                var document = ReadCapped(path, MaxFileBytes + 1);
                var sigPath = path + PolicySignatures.FileSuffix;
                var signature = File.Exists(sigPath) ? ReadCapped(sigPath, PolicySignatures.MaxSignatureFileBytes + 1) : null;
                var fingerprint = Convert.ToHexStringLower(SHA256.HashData(document)) + ":" + (signature is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(signature)));
                if (_fingerprints.TryGetValue(path, out var seen) && seen == fingerprint)
                {
                    continue;
                }

                // Sorted by country and version, so a folder holding v1 and v10 loads both whatever their names.
                var parsed = PolicyParser.TryParse(Path.GetFileName(path), document, out var policy, out _);
                offers.Add((path, fingerprint, document, signature, parsed ? policy!.Country.Value : "~", parsed ? policy!.Version : 0));
            }
            catch (IOException ex)
            {
                // Probably still being written: the next event or rescan offers it again.
                _logger.PolicyFileUnreadable(Path.GetFileName(path), ex.GetType().Name);
            }
        }

        var results = new List<PolicyUpdateResult>(restored.Count + offers.Count);
        results.AddRange(restored);
        foreach (var offer in offers.OrderBy(o => o.SortKey, StringComparer.Ordinal).ThenBy(o => o.Version))
        {
            var name = Path.GetFileName(offer.Path);
            var (result, signature) = RefuseRolledBack(name, offer.Document) is { } rolledBack ? (rolledBack, Array.Empty<byte>()) : Offer(name, offer.Document, offer.SignatureFile);
            _fingerprints[offer.Path] = offer.Fingerprint;
            results.Add(result);
            if (result.Status == PolicyUpdateStatus.Accepted && result.Policy is { } accepted)
            {
                var policy = new AcceptedPolicy(accepted, offer.Path, offer.Document, signature);
                _unkept.Add(policy);
                _unannounced.Add(policy);
                _logger.PolicyAccepted(name, accepted.Country.Value, accepted.Version, accepted.Digest);
            }
            else if (!result.IsAccepted)
            {
                Interlocked.Increment(ref _refused);
                _logger.PolicyRefused(name, result.Status.ToString(), result.Error ?? "refused");
            }
        }

        return results;
    }

    private (PolicyUpdateResult Result, byte[] Signature) Offer(string source, byte[] document, byte[]? signatureFile)
    {
        byte[] signature = [];
        if (signatureFile is not null && !PolicySignatures.TryDecodeFile(signatureFile, out signature!, out var error))
        {
            return (new PolicyUpdateResult(PolicyUpdateStatus.SignatureInvalid, source, $"the signature file is unreadable: {error}"), []);
        }

        return (_store.TryUpdate(source, document, signature, _time.GetUtcNow()), signature);
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes: an oversized file yields a too-large prefix the parser refuses with its own reason.</summary>
    private static byte[] ReadCapped(string path, long cap)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > cap)
        {
            var prefix = new byte[cap];
            stream.ReadExactly(prefix);
            return prefix;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
