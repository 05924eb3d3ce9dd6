using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class HostileInputTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    /// <summary>Random splices, overwrites and cuts of genuine inputs: every entry point answers with a reason and never throws.</summary>
    [Test]
    public void EveryTryEntryPoint_RandomlyMutatedInput_ReturnsFalseWithReasonAndNeverThrows()
    {
        var envelope = Envelope.Seal(World.Request([TestWorld.View("a"), TestWorld.View("b")], ["RU-MVD", "SG-CNB"]), World["TH-ONCB"]);
        var registry = TrustRegistry.SignDocument(World.Registry.Document, World.RegistryKey);
        var random = new Random(20261128);
        for (var i = 0; i < 400; i++)
        {
            var mutatedEnvelope = Mutate(envelope, random);
            var mutatedRegistry = Mutate(registry, random);
            Assert.DoesNotThrow(() =>
            {
                if (!Envelope.TryVerify(mutatedEnvelope, World.Registry, TestWorld.Now, out _, out var reason))
                {
                    Assert.That(reason, Is.Not.EqualTo(RejectReason.None));
                }

                Envelope.TryReadHeader(mutatedEnvelope, out _, out _);
                Envelope.TryOpen(mutatedEnvelope, World["SG-CNB"], World.Registry, TestWorld.Now, out _, out _);
                if (!TrustRegistry.TryLoad(mutatedRegistry, World.RegistryKey.PublicKey, out _, out reason))
                {
                    Assert.That(reason, Is.Not.EqualTo(RejectReason.None));
                }

                DetachedSignature.Verify("p", mutatedEnvelope, mutatedEnvelope.AsSpan(0, Math.Min(200, mutatedEnvelope.Length)), World.RegistryKey.PublicKey, out _);
                SigningPublicKey.TryImport(mutatedEnvelope.AsSpan(0, Math.Min(2000, mutatedEnvelope.Length)), out _);
            });
        }
    }

    [Test]
    public void SigningPublicKey_ExportThenImport_RoundTrips()
    {
        var key = World["TH-ONCB"].Signing.PublicKey;
        Assert.That(SigningPublicKey.TryImport(key.Export(), out var imported), Is.True);
        Assert.That(imported, Is.EqualTo(key));
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = (byte[])input.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                var at = random.Next(bytes.Length);
                var junk = new byte[random.Next(1, 16)];
                random.NextBytes(junk);
                return [.. bytes[..at], .. junk, .. bytes[at..]];
            default:
                // Small head bytes are where lengths and counts live; set one to a huge-length head.
                bytes[random.Next(Math.Min(64, bytes.Length))] = (byte)(0x5B + (random.Next(4) * 0x20 % 0x60));
                return bytes;
        }
    }
}
