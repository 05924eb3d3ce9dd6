using Broker.Protocol.Crypto;
using Broker.Protocol.Tests.Vectors;

namespace Broker.Protocol.Tests.Crypto;

/// <summary>draft-connolly-cfrg-xwing-kem test vectors: key generation from seed, derandomised encapsulation, decapsulation.</summary>
public class XWingVectorTests
{
    [Test]
    public void XWing_DraftVectors_KeyGenEncapsDecapsMatch()
    {
        using var doc = VectorFiles.Load("xwing/xwing-test-vectors.json");
        var tally = new VectorTally("xwing-test-vectors.json");
        var index = 0;
        foreach (var vector in doc.RootElement.EnumerateArray())
        {
            using var key = XWingKey.FromSeed(vector.Hex("seed"));
            var ct = new byte[XWingKey.CiphertextSize];
            var sent = new byte[32];
            var received = new byte[32];
            var encapsulated = XWing.TryEncapsulateDeterministic(vector.Hex("pk"), vector.Hex("eseed"), ct, sent);
            var decapsulated = key.TryDecapsulate(vector.Hex("ct"), received);
            tally.Check(index, key.PublicKey.AsSpan().SequenceEqual(vector.Hex("pk")), "public key");
            tally.Check(index, encapsulated && ct.AsSpan().SequenceEqual(vector.Hex("ct")) && sent.AsSpan().SequenceEqual(vector.Hex("ss")), "encapsulation");
            tally.Check(index, decapsulated && received.AsSpan().SequenceEqual(vector.Hex("ss")), "decapsulation");
            index++;
        }

        tally.AssertAllPassed(expectedChecked: 9);
    }
}
