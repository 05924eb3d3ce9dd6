using System.Globalization;

namespace Broker.Bench.Protocol;

/// <summary>Prints a <see cref="BenchmarkReport"/> as two plain-text tables: primitives, then envelope operations with their overhead ratio.</summary>
internal static class ProtocolReport
{
    public const double Goal = 1.25;

    public static void Write(TextWriter output, BenchmarkReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Primitives (single call, {report.ProcessorCount} logical processors):"));
        output.WriteLine(string.Create(c, $"  {"primitive",-52} {"us/op",10} {"ops/s",10}"));
        foreach (var p in report.Primitives)
        {
            output.WriteLine(string.Create(c, $"  {p.Name,-52} {p.MicrosecondsPerOp,10:F1} {1_000_000 / p.MicrosecondsPerOp,10:F0}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Envelope operations (one view shared by all recipients; ratio = envelope / sum of its primitives, goal <= {Goal:F2}):"));
        output.WriteLine(string.Create(c, $"  {"op",-7} {"payload",8} {"rcpts",5} {"ops/s",9} {"us/op",10} {"prims us",10} {"ratio",7}"));
        foreach (var e in report.Envelopes)
        {
            var sum = e.PrimitiveSumMicroseconds is { } s ? s.ToString("F1", c) : "-";
            var ratio = e.Ratio is { } r ? r.ToString("F2", c) + (r <= Goal ? "" : " !") : "-";
            output.WriteLine(string.Create(c, $"  {e.Operation,-7} {e.PayloadBytes / 1024,6}Ki {e.Recipients,5} {e.OpsPerSecond,9:F0} {e.MicrosecondsPerOp,10:F1} {sum,10} {ratio,7}"));
        }

        output.WriteLine();
        output.WriteLine("Primitives are bare BouncyCastle and .NET calls; what the envelope adds (encoding, key decoding, the HPKE key schedule) is overhead.");
        output.WriteLine("seal: Ed25519 + ML-DSA-65 sign, view keys, AES-GCM and SHA-256 over the payload, one X-Wing encapsulation per recipient");
        output.WriteLine("      (run with Parallel.For, so with several cores the ratio can fall below 1).");
        output.WriteLine("verify: both signature verifications and SHA-256 of each view; open: verify + one X-Wing decapsulation, view keys, AES-GCM decrypt.");
        output.WriteLine("strip: no cryptography (parse and re-encode), so no ratio.");
    }
}
