using System.Security.Cryptography;
using System.Threading.Channels;
using Broker.Audit.Storage;
using Broker.Audit.Verification;
using Broker.Policy.Store;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Replay;

/// <summary>
/// The auditor's semantic check, needing no decryption key: walk the log in order, keep the registry and policy versions in force
/// as the log recorded them, re-verify every archived envelope against the registry of its time, re-evaluate every decision with
/// the policies recorded so far (through <see cref="IDecisionReplayer"/>, by default the real evaluator), and check that every delivery had an Allow.
/// Structural damage (undecodable entries, altered archive) is the verifier's to report; replay skips what it cannot read.
/// </summary>
public sealed partial class AuditReplayer(SigningPublicKey registryAnchor, IDecisionReplayer? decisions = null)
{
    private readonly IDecisionReplayer _decisions = decisions ?? new PolicyDecisionReplayer();

    private const int ProgressEvery = 1000;

    public async Task<AuditReplay> ReplayAsync(IAuditStore store, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = new ReplayState(store);
        var total = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        // Reading and decoding entries and fetching archived envelopes runs one step ahead of the checks, so store round trips
        // overlap with signature verification instead of adding to it.
        var ahead = Channel.CreateBounded<ReadAhead>(new BoundedChannelOptions(512) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(() => ReadAheadAsync(store, ahead.Writer, cancellationToken), cancellationToken);
        await foreach (var item in ahead.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Entry is { } entry)
            {
                state.Statistics.Observe(entry);
                await ReplayEntryAsync(state, item.Index, entry, item.Archive, cancellationToken).ConfigureAwait(false);
            }

            if (++state.Entries % ProgressEvery == 0)
            {
                progress?.Report(new AuditProgress("replay", state.Entries, total));
            }
        }

        await reader.ConfigureAwait(false);
        progress?.Report(new AuditProgress("replay", state.Entries, total));
        return new AuditReplay
        {
            Findings = state.Findings,
            EntriesReplayed = state.Entries,
            EnvelopesReverified = state.Reverified,
            DecisionsReplayed = state.Replayed,
            DecisionsNotReevaluated = state.NotReevaluated,
            Statistics = state.Statistics,
        };
    }

    private static async Task ReadAheadAsync(IAuditStore store, ChannelWriter<ReadAhead> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _);
                byte[]? archive = null;
                if (entry?.Record is EnvelopeReceived received)
                {
                    archive = await store.GetEnvelopeAsync(received.EnvelopeId, received.EnvelopeHash, cancellationToken).ConfigureAwait(false);
                    // A missing or altered archive is the verifier's finding; replay has nothing trustworthy to check then.
                    if (archive is not null && !SHA256.HashData(archive).AsSpan().SequenceEqual(received.EnvelopeHash))
                    {
                        archive = null;
                    }
                }

                await writer.WriteAsync(new ReadAhead(stored.Index, entry, archive), cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
        }
#pragma warning disable CA1031 // Handed to the reading side, which rethrows it from ReadAllAsync.
        catch (Exception e)
#pragma warning restore CA1031
        {
            writer.Complete(e);
        }
    }

    private async Task ReplayEntryAsync(ReplayState state, long index, AuditEntry entry, byte[]? archive, CancellationToken cancellationToken)
    {
        switch (entry.Record)
        {
            case RegistryChanged changed:
                if (TrustRegistry.TryLoad(changed.SignedRegistry, registryAnchor, out var registry, out var reason) && registry.Version == changed.Version)
                {
                    state.Registries[changed.Version] = registry;
                    state.RegistryInForce = registry;
                }
                else
                {
                    state.Add(FindingCode.UnknownRegistryVersion, index, $"registry version {changed.Version} recorded at entry {index} does not verify under the registry anchor ({reason})");
                }

                break;
            case PolicyChanged policy:
                LoadPolicy(state, index, entry.Timestamp, policy);
                break;
            case EnvelopeReceived received:
                Receive(state, index, received, archive);
                break;
            case EnvelopeVerified verified:
                Reverify(state, index, verified);
                break;
            case DecisionRecorded decision:
                await ReplayDecisionAsync(state, index, decision, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryRecorded delivery when !state.Allowed.Contains((delivery.EnvelopeId, delivery.Recipient)):
                state.Add(FindingCode.DeliveryWithoutAllow, index, $"envelope {delivery.EnvelopeId} was delivered to {delivery.Recipient} (entry {index}) without an Allow decision");
                break;
            default:
                break;
        }
    }

    private sealed record ReadAhead(long Index, AuditEntry? Entry, byte[]? Archive);

    /// <summary>Walk state: versions in force, envelopes awaiting their verification entry, decisions seen.</summary>
    private sealed class ReplayState(IAuditStore store)
    {
        public IAuditStore Store { get; } = store;
        public List<Finding> Findings { get; } = [];
        public AuditStatistics Statistics { get; } = new();
        public Dictionary<long, TrustRegistry> Registries { get; } = [];
        public PolicySet Policies { get; set; } = PolicySet.Empty;
        public Dictionary<string, (long Index, EnvelopeReceived Record)> Received { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, bool> Accepted { get; } = new(StringComparer.Ordinal);
        public HashSet<(string, AgencyId)> Allowed { get; } = [];
        public HeaderCache Headers { get; } = new();
        /// <summary>Archived bytes of envelopes received and not yet verified (normally one or two).</summary>
        public Dictionary<string, byte[]> Archived { get; } = new(StringComparer.Ordinal);
        public TrustRegistry? RegistryInForce { get; set; }
        public long Entries { get; set; }
        public long Reverified { get; set; }
        public long Replayed { get; set; }
        public long NotReevaluated { get; set; }

        public void Add(FindingCode code, long index, string detail) => Findings.Add(new Finding(code, index, detail));
    }
}
