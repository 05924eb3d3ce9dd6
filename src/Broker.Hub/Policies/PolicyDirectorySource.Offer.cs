using Broker.Policy.Signing;
using Broker.Policy.Store;

namespace Broker.Hub.Policies;

public sealed partial class PolicyDirectorySource
{
    private const int MaxDocumentBytes = 256 * 1024;

    /// <summary>Offers one document unless it (and its signature) are unchanged since the last scan; null when skipped.</summary>
    private async Task<PolicyUpdateResult?> OfferAsync(string file, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file);
        var signatureInfo = new FileInfo(file + PolicySignatures.FileSuffix);
        var stamp = (info.LastWriteTimeUtc, info.Length, signatureInfo.Exists ? signatureInfo.LastWriteTimeUtc : DateTime.MinValue);
        if (_seen.TryGetValue(file, out var previous) && previous == stamp)
        {
            return null;
        }

        byte[] document;
        byte[] signature = [];
        string? signatureError = null;
        try
        {
            if (info.Length > MaxDocumentBytes)
            {
                return Refuse(file, stamp, new PolicyUpdateResult(PolicyUpdateStatus.Invalid, file, $"the document is {info.Length} bytes, above the cap of {MaxDocumentBytes}"));
            }

            document = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            if (signatureInfo.Exists)
            {
                var signatureFile = signatureInfo.Length > PolicySignatures.MaxSignatureFileBytes ? [] : await File.ReadAllBytesAsync(signatureInfo.FullName, cancellationToken).ConfigureAwait(false);
                if (!PolicySignatures.TryDecodeFile(signatureFile, out var decoded, out signatureError))
                {
                    decoded = [];
                }

                signature = decoded;
            }
        }
        catch (IOException)
        {
            return null; // Mid-write: the watcher or the next rescan offers it again.
        }

        var result = signatureError is not null
            ? new PolicyUpdateResult(PolicyUpdateStatus.SignatureInvalid, file, $"the signature file is unreadable: {signatureError}")
            : _store.TryUpdate(file, document, signature, _time.GetUtcNow());
        if (!result.IsAccepted)
        {
            return Refuse(file, stamp, result);
        }

        _seen[file] = stamp;
        if (result.Status == PolicyUpdateStatus.Accepted && result.Policy is { } accepted)
        {
            if (Accepted is { } hook)
            {
                await hook(new AcceptedPolicy(accepted, file, document, signature), cancellationToken).ConfigureAwait(false);
            }

            var country = accepted.Country.ToString();
            var name = Path.GetFileName(file);
            _logger.PolicyAccepted(country, accepted.Version, name, accepted.Digest);
        }

        return result;
    }

    private PolicyUpdateResult Refuse(string file, (DateTime, long, DateTime) stamp, PolicyUpdateResult result)
    {
        _seen[file] = stamp;
        Interlocked.Increment(ref _refused);
        var name = Path.GetFileName(file);
        var status = result.Status.ToString();
        _logger.PolicyRefused(name, status, result.Error ?? "refused");
        return result;
    }
}
