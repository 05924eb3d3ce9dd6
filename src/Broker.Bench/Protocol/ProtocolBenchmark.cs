using System.Security.Cryptography;
using Broker.Bench.Timing;
using Broker.Bench.World;
using Broker.Protocol.Envelopes;

namespace Broker.Bench.Protocol;

/// <summary>
/// Measures seal, verify, strip and open per second for the given alert sizes and recipient counts, beside the cost of the
/// primitives they are made of (<see cref="LibraryPrimitives"/>), measured in the same run, so the envelope's own overhead shows
/// as a ratio. Uses a fresh <see cref="BenchWorld"/>; touches no file or network.
/// </summary>
internal static class ProtocolBenchmark
{
    public static BenchmarkReport Run(BenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var agencies = Enumerable.Range(0, options.RecipientCounts.Max() + 1).Select(i => $"BX-AGENCY{i:D2}");
        using var world = BenchWorld.Create(agencies, TimeProvider.System.GetUtcNow());
        var primitives = new LibraryPrimitives();

        // Warm-up: every code path runs long enough for the tiered JIT to promote it before anything is recorded.
        var warmUp = TimeSpan.FromMilliseconds(Math.Clamp(options.PerMeasurement.TotalMilliseconds / 2, 50, 150));
        progress?.Invoke("warm-up");
        foreach (var size in options.PayloadSizes)
        {
            var actions = primitives.Actions(size);
            _ = actions.Values.Select(a => Measure.System.MicrosecondsPerOp(warmUp / 4, a)).ToList();
            _ = MeasureEnvelope(world, warmUp, size, options.RecipientCounts.Min(), actions).ToList();
        }

        var costs = new List<PrimitiveCost>();
        var envelopes = new List<EnvelopeCost>();
        foreach (var size in options.PayloadSizes)
        {
            progress?.Invoke($"primitives at {size} B");
            var actions = primitives.Actions(size);
            costs.AddRange(actions.Select(p => new PrimitiveCost($"{p.Key} ({size} B)", Measure.System.MicrosecondsPerOp(options.PerMeasurement, p.Value))));
            foreach (var count in options.RecipientCounts)
            {
                progress?.Invoke($"envelope at {size} B, {count} recipients");
                envelopes.AddRange(MeasureEnvelope(world, options.PerMeasurement, size, count, actions));
            }
        }

        return new BenchmarkReport(costs, envelopes, Environment.ProcessorCount);
    }

    private static IEnumerable<EnvelopeCost> MeasureEnvelope(BenchWorld world, TimeSpan budget, int size, int count, Dictionary<string, Action> p)
    {
        var recipients = world.Agencies.Skip(1).Take(count).ToList();
        var request = world.Alert(recipients.Select(r => r.Agency.Value), RandomNumberGenerator.GetBytes(size), world.Now);
        var sender = world.Agencies[0];
        var sealedBytes = Envelope.Seal(request, sender);
        Envelope.TryVerify(sealedBytes, world.Registry, world.Now, out var verified, out _);
        var keep = new[] { recipients[0].Agency };

        Action sealPrimitives = () =>
        {
            Run(p, LibraryPrimitives.Ed25519Sign, LibraryPrimitives.MlDsaSign, LibraryPrimitives.ViewKeys, LibraryPrimitives.AesEncrypt, LibraryPrimitives.Sha256Payload);
            for (var i = 0; i < count; i++)
            {
                p[LibraryPrimitives.XWingEncaps]();
            }
        };
        Action verifyPrimitives = () => Run(p, LibraryPrimitives.Ed25519Verify, LibraryPrimitives.MlDsaVerify, LibraryPrimitives.Sha256Payload);
        Action openPrimitives = () =>
        {
            verifyPrimitives();
            Run(p, LibraryPrimitives.XWingDecaps, LibraryPrimitives.ViewKeys, LibraryPrimitives.AesDecrypt);
        };

        yield return Paired("seal", () => Envelope.Seal(request, sender), sealPrimitives);
        yield return Paired("verify", () => Envelope.TryVerify(sealedBytes, world.Registry, world.Now, out _, out _), verifyPrimitives);
        var strip = Measure.System.MicrosecondsPerOp(budget, () => Envelope.Strip(verified!, keep));
        yield return new EnvelopeCost("strip", size, count, 1_000_000 / strip, strip, null, null);
        yield return Paired("open", () => Envelope.TryOpen(sealedBytes, recipients[0], world.Registry, world.Now, out _, out _), openPrimitives);

        EnvelopeCost Paired(string operation, Action envelope, Action sum)
        {
            var (micros, sumMicros, ratio) = Measure.System.Paired(budget * 2, envelope, sum);
            return new EnvelopeCost(operation, size, count, 1_000_000 / micros, micros, sumMicros, ratio);
        }
    }

    private static void Run(Dictionary<string, Action> primitives, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            primitives[name]();
        }
    }
}
