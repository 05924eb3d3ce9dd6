using Broker.Protocol.Transparency;

namespace Broker.Fuzz.Targets;

/// <summary>
/// <see cref="TreeHeadCodec.TryDecode"/> on hostile bytes: false with a reason or a head; a decoded head re-encodes to exactly the
/// bytes read (the codec accepts canonical CBOR only) and decodes again to an equal head.
/// </summary>
internal sealed class TreeHeadTarget : IFuzzTarget
{
    public string Name => "tree-head";

    public void Run(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        if (!TreeHeadCodec.TryDecode(bytes, out var head, out _))
        {
            return;
        }

        var again = TreeHeadCodec.Encode(head);
        Invariant.Holds(again.AsSpan().SequenceEqual(bytes), "a decoded tree head re-encodes to other bytes");
        Invariant.Holds(TreeHeadCodec.TryDecode(again, out var head2, out _) && Same(head, head2), "decode(encode(head)) differs");
    }

    private static bool Same(SignedTreeHead a, SignedTreeHead b) =>
        a.LogId == b.LogId && a.TreeSize == b.TreeSize && a.Timestamp == b.Timestamp
        && a.RootHash.AsSpan().SequenceEqual(b.RootHash) && a.Signature.AsSpan().SequenceEqual(b.Signature);
}
