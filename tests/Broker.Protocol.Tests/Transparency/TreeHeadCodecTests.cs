using Broker.Protocol.Tests.Compatibility;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Transparency;

namespace Broker.Protocol.Tests.Transparency;

/// <summary>Both layers of a signed tree head (the outer pair and the signed payload) decode through the strict pre-walk.</summary>
public sealed class TreeHeadCodecTests
{
    private static byte[] Head => PreMoveBytes.Hex("sth");

    private static byte[] Payload => PreMoveBytes.Hex("sth-payload");

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return Case("payload length in two bytes", CborMutations.Widen(Head, 1), RejectReason.NonCanonicalEncoding);
        yield return Case("trailing byte", CborMutations.Trailing(Head), RejectReason.TrailingBytes);
        yield return Case("map with a repeated key", CborMutations.DuplicateKeyMap, RejectReason.DuplicateMapKey);
        yield return Case("indefinite-length array", CborMutations.Indefinite(Head), RejectReason.ForbiddenCborItem);
        yield return Case("last byte missing", Head[..^1], RejectReason.Truncated);
        yield return Case("payload: version in two bytes", Pair(CborMutations.Widen(Payload, 1)), RejectReason.NonCanonicalEncoding);
        yield return Case("payload: trailing byte", Pair(CborMutations.Trailing(Payload)), RejectReason.TrailingBytes);
        yield return Case("payload: null log id", Pair(PayloadWith(logId: null)), RejectReason.ForbiddenCborItem);
        yield return Case("payload: version 2", Pair(PayloadWith(version: 2)), RejectReason.InvalidField);
        yield return Case("payload: empty log id", Pair(PayloadWith(logId: "")), RejectReason.InvalidField);
        yield return Case("payload: log id over the cap", Pair(PayloadWith(logId: new string('a', SignedTreeHead.MaxLogIdChars + 1))), RejectReason.LimitExceeded);
        yield return Case("payload: negative tree size", Pair(PayloadWith(treeSize: -1)), RejectReason.InvalidField);
        yield return Case("payload: 31-byte root", Pair(PayloadWith(rootBytes: 31)), RejectReason.InvalidField);
        yield return Case("payload over its cap", Pair(new byte[TreeHeadCodec.MaxPayloadBytes + 1]), RejectReason.LimitExceeded);
        yield return Case("signature over its cap", Pair(Payload, new byte[TreeHeadCodec.MaxSignatureBytes + 1]), RejectReason.LimitExceeded);
    }

    [TestCaseSource(nameof(Hostile))]
    public void TryDecode_HostileVariant_RefusedWithStableReason(byte[] bytes, RejectReason expected)
    {
        var ok = TreeHeadCodec.TryDecode(bytes, out var head, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(head, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void TryDecode_OverTheCap_RefusedTooLarge()
    {
        byte[] oversized = [.. Head, .. new byte[TreeHeadCodec.MaxTreeHeadBytes]];
        Assert.That(TreeHeadCodec.TryDecode(oversized, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
    }

    [Test]
    public void Payload_LogIdOverTheCap_Throws() =>
        Assert.That(() => SignedTreeHead.Payload(new string('a', SignedTreeHead.MaxLogIdChars + 1), 1, PreMoveBytes.At, new byte[32]), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private static TestCaseData Case(string name, byte[] bytes, RejectReason expected) => new TestCaseData(bytes, expected).SetArgDisplayNames(name);

    private static byte[] Pair(byte[] payload, byte[]? signature = null) => CborMutations.Lax(w =>
    {
        w.WriteStartArray(2);
        w.WriteByteString(payload);
        w.WriteByteString(signature ?? new byte[20]);
        w.WriteEndArray();
    });

    private static byte[] PayloadWith(long version = 1, string? logId = "broker-audit", long treeSize = 5, int rootBytes = 32) => CborMutations.Lax(w =>
    {
        w.WriteStartArray(5);
        w.WriteInt64(version);
        if (logId is null)
        {
            w.WriteNull();
        }
        else
        {
            w.WriteTextString(logId);
        }

        w.WriteInt64(treeSize);
        w.WriteInt64(1_700_000_000_000);
        w.WriteByteString(new byte[rootBytes]);
        w.WriteEndArray();
    });
}
