using Broker.Protocol.Encoding;

namespace Broker.Protocol.Tests.Encoding;

public sealed class CborShapeTests
{
    [TestCase(new byte[] { 0xA1, 0x01, 0xF9, 0x3C, 0x00 }, RejectReason.ForbiddenCborItem)] // half float
    [TestCase(new byte[] { 0xA1, 0x01, 0xF6 }, RejectReason.ForbiddenCborItem)] // null
    [TestCase(new byte[] { 0xA1, 0x01, 0x7F, 0xFF }, RejectReason.ForbiddenCborItem)] // indefinite text
    [TestCase(new byte[] { 0xA1, 0x01, 0x62, 0xC3, 0x28 }, RejectReason.Malformed)] // invalid UTF-8
    [TestCase(new byte[] { 0xA1, 0x01, 0x1C }, RejectReason.Malformed)] // reserved additional info
    [TestCase(new byte[] { 0xA1, 0x01, 0x19, 0x00, 0x10 }, RejectReason.NonCanonicalEncoding)] // 16 in three bytes
    [TestCase(new byte[] { 0xA2, 0x02, 0x00, 0x01, 0x00 }, RejectReason.NonCanonicalEncoding)] // keys 2 then 1
    [TestCase(new byte[] { 0xA2, 0x01, 0x00, 0x01, 0x00 }, RejectReason.DuplicateMapKey)]
    [TestCase(new byte[] { 0x9B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, RejectReason.Truncated)] // array of 2^63-1 items
    [TestCase(new byte[] { 0xF5, 0x00 }, RejectReason.TrailingBytes)]
    public void Check_HostileInput_NamesTheViolation(byte[] input, RejectReason expected) =>
        Assert.That(CborShape.Check(input), Is.EqualTo(expected));

    [Test]
    public void Check_NestingBeyondCap_RejectsWithLimitExceeded()
    {
        var nested = Enumerable.Repeat((byte)0x81, ProtocolLimits.MaxCborDepth + 2).Append((byte)0x00).ToArray();
        Assert.That(CborShape.Check(nested), Is.EqualTo(RejectReason.LimitExceeded));
    }

    [Test]
    public void Check_DeterministicItem_Accepts() =>
        Assert.That(CborShape.Check([0xA2, 0x01, 0x82, 0xF4, 0xF5, 0x02, 0x43, 0x01, 0x02, 0x03]), Is.EqualTo(RejectReason.None));
}
