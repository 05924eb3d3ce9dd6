using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Broker.Protocol.Envelopes;

/// <summary>Where sealing gets its randomness: content keys and HPKE ephemeral seeds. Production uses the OS generator.</summary>
internal interface IEntropy
{
    /// <summary>True when signatures should be deterministic too (ML-DSA rnd = 0^32), for reproducible test vectors.</summary>
    bool Deterministic { get; }

    void Fill(Span<byte> destination);
}

internal sealed class SystemEntropy : IEntropy
{
    public static SystemEntropy Instance { get; } = new();

    public bool Deterministic => false;

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}

/// <summary>
/// A seeded stream for test vectors only: block i = HMAC-SHA256(seed, "broker/v1/test-entropy" ‖ uint32be(i)).
/// Never use it to seal real traffic: anyone with the seed can recompute every content key.
/// </summary>
internal sealed class SeededEntropy(ReadOnlySpan<byte> seed) : IEntropy
{
    private readonly byte[] _seed = seed.ToArray();
    private readonly Queue<byte> _buffer = new();
    private uint _counter;

    public bool Deterministic => true;

    public void Fill(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            if (_buffer.Count == 0)
            {
                var input = new byte[26];
                "broker/v1/test-entropy"u8.CopyTo(input);
                BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(22), _counter++);
                foreach (var b in HMACSHA256.HashData(_seed, input))
                {
                    _buffer.Enqueue(b);
                }
            }

            destination[i] = _buffer.Dequeue();
        }
    }
}
