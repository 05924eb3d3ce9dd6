using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Broker.Protocol.Crypto;

/// <summary>
/// A BouncyCastle random source that hands out fixed bytes, once, in order. It exists only so that
/// derandomised operations (ML-KEM encapsulation with a given m, ML-DSA signing with a given rnd) can be
/// checked against published vectors; asking for more bytes than were supplied throws.
/// </summary>
internal sealed class FixedRandomGenerator : IRandomGenerator
{
    private readonly byte[] _bytes;
    private int _position;

    private FixedRandomGenerator(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    public static SecureRandom Create(ReadOnlySpan<byte> bytes) => new(new FixedRandomGenerator(bytes));

    public void AddSeedMaterial(byte[] seed)
    {
    }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
    }

    public void AddSeedMaterial(long seed)
    {
    }

    public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

    public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes)
    {
        if (bytes.Length > _bytes.Length - _position)
        {
            throw new InvalidOperationException("The fixed random source has no bytes left.");
        }

        _bytes.AsSpan(_position, bytes.Length).CopyTo(bytes);
        _position += bytes.Length;
    }
}
