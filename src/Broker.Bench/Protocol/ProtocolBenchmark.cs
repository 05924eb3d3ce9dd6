using Broker.Bench.Timing;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Protocol;

/// <summary>
/// Measures seal, verify, strip and open per second for the given alert sizes and recipient counts, beside the cost of the
/// primitives they are made of, measured in the same run, so the envelope's own overhead shows as a ratio. Uses freshly
/// generated keys and a registry it builds itself; touches no file, network or clock other than a stopwatch.
/// </summary>
internal static class ProtocolBenchmark
{
    public static BenchmarkReport Run(BenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var world = ProtocolWorld.Create(options.RecipientCounts.Max() + 1);
        var primitives = new LibraryPrimitives();

        // Warm-up: every code path runs long enough for the tiered JIT to promote it before anything is recorded.
        var warmUp = TimeSpan.FromMilliseconds(Math.Clamp(options.PerMeasurement.TotalMilliseconds / 2, 50, 150));
        progress?.Invoke("warm-up");
        foreach (var size in options.PayloadSizes)
        {
            var actions = primitives.Actions(size);
            _ = actions.Values.Select(a => Measure.MicrosecondsPerOp(warmUp / 4, a)).ToList();
            _ = MeasureEnvelope(world, warmUp, size, options.RecipientCounts.Min(), actions).ToList();
        }

        var costs = new List<PrimitiveCost>();
        var envelopes = new List<EnvelopeCost>();
        foreach (var size in options.PayloadSizes)
        {
            progress?.Invoke($"primitives at {size} B");
            var actions = primitives.Actions(size);
            costs.AddRange(actions.Select(p => new PrimitiveCost($"{p.Key} ({size} B)", Measure.MicrosecondsPerOp(options.PerMeasurement, p.Value))));
            foreach (var count in options.RecipientCounts)
            {
                progress?.Invoke($"envelope at {size} B, {count} recipients");
                envelopes.AddRange(MeasureEnvelope(world, options.PerMeasurement, size, count, actions));
            }
        }

        return new BenchmarkReport(costs, envelopes, Environment.ProcessorCount);
    }

    private static IEnumerable<EnvelopeCost> MeasureEnvelope(ProtocolWorld world, TimeSpan budget, int size, int count, Dictionary<string, Action> p)
    {
        var plaintext = new byte[size];
        System.Security.Cryptography.RandomNumberGenerator.Fill(plaintext);
        var recipients = world.Agencies.Skip(1).Take(count).ToList();
        var request = new SealRequest
        {
            Id = EnvelopeId.New(),
            Created = world.Now,
            Expires = world.Now.AddDays(1),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([DataClass.PersonalIdentity], plaintext)],
            Recipients = recipients.Select(r => new RecipientSpec(r.Agency, 0, r.Encryption.PublicKey)).ToList(),
        };
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
        var strip = Measure.MicrosecondsPerOp(budget, () => Envelope.Strip(verified!, keep));
        yield return new EnvelopeCost("strip", size, count, 1_000_000 / strip, strip, null, null);
        yield return Paired("open", () => Envelope.TryOpen(sealedBytes, recipients[0], world.Registry, world.Now, out _, out _), openPrimitives);

        EnvelopeCost Paired(string operation, Action envelope, Action sum)
        {
            var (micros, sumMicros, ratio) = Measure.Paired(budget * 2, envelope, sum);
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
