using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Benchmarks;

/// <summary>
/// Measures seal, verify, strip and open per second for the given alert sizes and recipient counts, beside the cost of the
/// primitives they are made of, measured in the same run, so the envelope's own overhead shows as a ratio. Uses freshly
/// generated keys and a registry it builds itself; touches no file, network or clock other than a stopwatch.
/// </summary>
public static partial class ProtocolBenchmark
{
    public static BenchmarkReport Run(BenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var maxRecipients = options.RecipientCounts.Max();
        using var world = BenchWorld.Create(maxRecipients + 1);
        var primitives = new Primitives(world);

        // Warm-up: every code path runs long enough for the tiered JIT to promote it before anything is recorded.
        var warmUp = TimeSpan.FromMilliseconds(Math.Clamp(options.PerMeasurement.TotalMilliseconds / 2, 50, 150));
        progress?.Invoke("warm-up");
        foreach (var size in options.PayloadSizes)
        {
            var warm = primitives.MeasureAll(size, warmUp);
            _ = MeasureEnvelope(world, warmUp, size, options.RecipientCounts.Min(), warm).ToList();
        }

        var costs = new List<PrimitiveCost>();
        var envelopes = new List<EnvelopeCost>();
        foreach (var size in options.PayloadSizes)
        {
            // Primitives are measured right before the envelopes that use them, so both see the same machine load.
            progress?.Invoke($"primitives at {size} B");
            var measured = primitives.MeasureAll(size, options.PerMeasurement);
            costs.AddRange(measured.Select(p => new PrimitiveCost($"{p.Key} ({size} B)", p.Value)));
            foreach (var count in options.RecipientCounts)
            {
                progress?.Invoke($"envelope at {size} B, {count} recipients");
                envelopes.AddRange(MeasureEnvelope(world, options.PerMeasurement, size, count, measured));
            }
        }

        return new BenchmarkReport(costs, envelopes, Environment.ProcessorCount);
    }

    private static IEnumerable<EnvelopeCost> MeasureEnvelope(BenchWorld world, TimeSpan budget, int size, int count, Dictionary<string, double> p)
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

        var signPart = p[Primitives.Ed25519Sign] + p[Primitives.MlDsaSign];
        var verifyPart = p[Primitives.Ed25519Verify] + p[Primitives.MlDsaVerify] + p[Primitives.Sha256Payload];
        var seal = Measure.MicrosecondsPerOp(budget, () => Envelope.Seal(request, sender));
        var verify = Measure.MicrosecondsPerOp(budget, () => Envelope.TryVerify(sealedBytes, world.Registry, world.Now, out _, out _));
        var strip = Measure.MicrosecondsPerOp(budget, () => Envelope.Strip(verified!, keep));
        var open = Measure.MicrosecondsPerOp(budget, () => Envelope.TryOpen(sealedBytes, recipients[0], world.Registry, world.Now, out _, out _));
        yield return Cost("seal", seal, signPart + p[Primitives.ViewKeys] + p[Primitives.AesEncrypt] + p[Primitives.Sha256Payload] + (count * p[Primitives.HpkeSealXWing]));
        yield return Cost("verify", verify, verifyPart);
        yield return Cost("strip", strip, null);
        yield return Cost("open", open, verifyPart + p[Primitives.HpkeOpenXWing] + p[Primitives.ViewKeys] + p[Primitives.AesDecrypt]);

        EnvelopeCost Cost(string operation, double micros, double? sum) => new(operation, size, count, 1_000_000 / micros, micros, sum);
    }
}
