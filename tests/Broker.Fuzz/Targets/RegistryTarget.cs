using Broker.Protocol;
using Broker.Protocol.Registry;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The trust registry as a gateway or the hub loads it from a file or the network: <see cref="TrustRegistry.TryLoad"/> against the
/// vectors' anchor (the signed wrapper), and the unsigned document reader it calls after the signature check, reached directly.
/// A document read re-encodes to exactly its bytes (the reader accepts canonical CBOR only).
/// </summary>
internal sealed class RegistryTarget : IFuzzTarget
{
    private static readonly TryRead<TrustRegistryDocument> ReadDocument =
        Internals.Bind<TryRead<TrustRegistryDocument>>(typeof(TrustRegistry).Assembly, "Broker.Protocol.Registry.RegistryCodec", "TryRead");

    private static readonly Func<TrustRegistryDocument, byte[]> WriteDocument =
        Internals.Bind<Func<TrustRegistryDocument, byte[]>>(typeof(TrustRegistry).Assembly, "Broker.Protocol.Registry.RegistryCodec", "Write");

    public string Name => "registry";

    public void Run(ReadOnlySpan<byte> data)
    {
        var world = VectorWorld.Shared;
        var loaded = TrustRegistry.TryLoad(data, world.RegistryKey.PublicKey, out var registry, out var reason);
        Invariant.Holds(loaded ? registry is not null : reason != RejectReason.None, "a load that neither succeeds nor names a reason");

        var bytes = data.ToArray();
        if (!ReadDocument(bytes, out var doc, out reason))
        {
            Invariant.Holds(reason != RejectReason.None, "a document refused without a reason");
            return;
        }

        Invariant.Holds(WriteDocument(doc!).AsSpan().SequenceEqual(bytes), "a registry document re-encodes to other bytes");
    }
}
