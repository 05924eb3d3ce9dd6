using System.Buffers.Binary;
using Broker.Protocol;
using Broker.Protocol.Transparency;

namespace Broker.Fuzz.Targets;

/// <summary>
/// Inclusion receipts and RFC 9162 proofs as an auditor or a sending gateway gets them from the hub. The input is tried as an
/// inclusion receipt (<see cref="InclusionReceiptCodec.TryDecode"/>, re-encoding to its bytes, its proof checked against
/// itself), and also read as raw proof material: two tree sizes, a leaf index, two roots and a path of 32-byte hashes for
/// <see cref="MerkleProof.VerifyInclusion"/> and <see cref="MerkleProof.VerifyConsistency"/>, which answer a
/// <see cref="ProofResult"/> for any numbers and never throw.
/// </summary>
internal sealed class ProofTarget : IFuzzTarget
{
    private const int Header = 8 + 8 + 8 + (2 * MerkleHash.Size);

    public string Name => "proofs";

    public void Run(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        if (InclusionReceiptCodec.TryDecode(bytes, out var receipt, out var reason))
        {
            Invariant.Holds(InclusionReceiptCodec.Encode(receipt).AsSpan().SequenceEqual(bytes), "an inclusion receipt re-encodes to other bytes");
            _ = receipt.VerifyProof();
        }
        else
        {
            Invariant.Holds(reason != RejectReason.None, "an inclusion receipt refused without a reason");
        }

        if (data.Length < Header)
        {
            return;
        }

        var first = BinaryPrimitives.ReadInt64BigEndian(data);
        var second = BinaryPrimitives.ReadInt64BigEndian(data[8..]);
        var index = BinaryPrimitives.ReadInt64BigEndian(data[16..]);
        var rootA = data.Slice(24, MerkleHash.Size);
        var rootB = data.Slice(24 + MerkleHash.Size, MerkleHash.Size);
        var rest = data[Header..];
        var path = new List<byte[]>();
        for (var i = 0; i + 1 <= rest.Length && path.Count < 80; i += MerkleHash.Size)
        {
            // A short last hash stays short: the verifiers must refuse it, not read past it.
            path.Add(rest.Slice(i, Math.Min(MerkleHash.Size, rest.Length - i)).ToArray());
        }

        var inclusion = MerkleProof.VerifyInclusion(index, second, rootA, path, rootB);
        var consistency = MerkleProof.VerifyConsistency(first, second, rootA, rootB, path);
        Invariant.Holds(Enum.IsDefined(inclusion) && Enum.IsDefined(consistency), "a proof check answered a value outside ProofResult");
    }
}
