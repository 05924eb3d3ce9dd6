using System.Security.Cryptography;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Registry;

namespace Broker.Gateway.Policies;

/// <summary>
/// The sharing policies in force in this gateway, read from a folder of signed documents and replaceable while it runs. Each
/// scan offers every new or changed <c>*.policy.json</c> (with its <c>.sig</c>) to a <see cref="PolicyStore"/> that verifies it
/// against the country's policy key in the trust registry; a refused document is logged loudly and the last good set stays.
/// Files of one country are offered in version order, so a folder holding v1 and v2 loads both.
/// </summary>
internal sealed class GatewayPolicies
{
    public const string DocumentPattern = "*.policy.json";
    private const long MaxFileBytes = PolicyParser.MaxDocumentBytes;

    private readonly PolicyStore _store;
    private readonly string _directory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
    private readonly Lock _scanLock = new();

    public GatewayPolicies(TrustRegistry registry, string directory, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _store = new PolicyStore(new RegistryPolicySignatureVerifier(registry));
        Agencies = RegistryDirectory.From(registry);
        _directory = directory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The snapshot to evaluate one alert against.</summary>
    public PolicySet Current => _store.Current;

    /// <summary>The agencies of the trust registry, with authority type and status.</summary>
    public IAgencyDirectory Agencies { get; }

    public string Directory => _directory;

    /// <summary>Offers every new or changed document in the folder; returns the outcome of each offer.</summary>
    public IReadOnlyList<PolicyUpdateResult> Scan()
    {
        lock (_scanLock)
        {
            var offers = new List<(string Path, string Fingerprint, byte[] Document, byte[]? SignatureFile, string SortKey, long Version)>();
            foreach (var path in System.IO.Directory.GetFiles(_directory, DocumentPattern).Order(StringComparer.Ordinal))
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

                    var parsed = PolicyParser.TryParse(Path.GetFileName(path), document, out var policy, out _);
                    offers.Add((path, fingerprint, document, signature, parsed ? policy!.Country.Value : "~", parsed ? policy!.Version : 0));
                }
                catch (IOException ex)
                {
                    // Probably still being written: the next event or rescan offers it again.
                    _logger.PolicyFileUnreadable(Path.GetFileName(path), ex.GetType().Name);
                }
            }

            var results = new List<PolicyUpdateResult>(offers.Count);
            foreach (var offer in offers.OrderBy(o => o.SortKey, StringComparer.Ordinal).ThenBy(o => o.Version))
            {
                var result = Offer(Path.GetFileName(offer.Path), offer.Document, offer.SignatureFile);
                _fingerprints[offer.Path] = offer.Fingerprint;
                results.Add(result);
                Report(result);
            }

            return results;
        }
    }

    private PolicyUpdateResult Offer(string source, byte[] document, byte[]? signatureFile)
    {
        byte[] signature = [];
        if (signatureFile is not null && !PolicySignatures.TryDecodeFile(signatureFile, out signature!, out var error))
        {
            return new PolicyUpdateResult(PolicyUpdateStatus.SignatureInvalid, source, error);
        }

        return _store.TryUpdate(source, document, signature, _timeProvider.GetUtcNow());
    }

    private void Report(PolicyUpdateResult result)
    {
        switch (result.Status)
        {
            case PolicyUpdateStatus.Accepted:
                _logger.PolicyAccepted(result.Source, result.Policy?.Country.Value ?? "?", result.Policy?.Version ?? 0, result.Policy?.Digest ?? "");
                break;
            case PolicyUpdateStatus.AlreadyLoaded:
                break;
            case PolicyUpdateStatus.Invalid:
            case PolicyUpdateStatus.SignatureMissing:
            case PolicyUpdateStatus.SignatureInvalid:
            case PolicyUpdateStatus.NotNewer:
            default:
                _logger.PolicyRefused(result.Source, result.Status.ToString(), result.Error ?? "refused");
                break;
        }
    }

    private static byte[] ReadCapped(string path, long cap)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > cap)
        {
            // Over the cap: hand the parser a too-large prefix so it refuses with its own size reason.
            var prefix = new byte[cap];
            stream.ReadExactly(prefix);
            return prefix;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
