using Broker.Bench.Protocol;

namespace Broker.Bench.Tests.Protocol;

// The yardstick must do the real work it is named after, or every ratio it yields would flatter the envelope.
public sealed class LibraryPrimitivesTests
{
    private readonly LibraryPrimitives _primitives = new();

    [Test]
    public void XWing_DecapsulatingTheEncapsulation_GivesTheSameSharedSecret()
    {
        var (ciphertext, share, secret) = _primitives.EncapsulateXWing();

        Assert.That(_primitives.DecapsulateXWing(ciphertext, share), Is.EqualTo(secret));
    }

    [Test]
    public void XWing_TamperedCiphertext_GivesAnotherSecret()
    {
        var (ciphertext, share, secret) = _primitives.EncapsulateXWing();
        ciphertext[10] ^= 1;

        Assert.That(_primitives.DecapsulateXWing(ciphertext, share), Is.Not.EqualTo(secret));
    }

    [Test]
    public void Signatures_VerifyTheSignedMessageOnly()
    {
        var message = "transcript"u8.ToArray();
        var (ed25519, mlDsa) = (_primitives.SignEd25519(message), _primitives.SignMlDsa(message));
        var other = "transcripT"u8.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_primitives.VerifyEd25519(message, ed25519), Is.True);
            Assert.That(_primitives.VerifyMlDsa(message, mlDsa), Is.True);
            Assert.That(_primitives.VerifyEd25519(other, ed25519), Is.False);
            Assert.That(_primitives.VerifyMlDsa(other, mlDsa), Is.False);
        }
    }

    [Test]
    public void Actions_EveryPrimitiveRunsOnItsInputs()
    {
        var actions = _primitives.Actions(1024);

        Assert.That(() => { foreach (var action in actions.Values) { action(); } }, Throws.Nothing);
    }
}
