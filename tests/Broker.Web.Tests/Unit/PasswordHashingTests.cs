using Broker.Web.Accounts;

namespace Broker.Web.Tests.Unit;

public sealed class PasswordHashingTests
{
    [Test]
    public void Verify_RightPassword_True()
    {
        var hash = PasswordHashing.Hash("correct horse");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hash, Does.StartWith("argon2id$v=19$"));
            Assert.That(PasswordHashing.Verify("correct horse", hash), Is.True);
        }
    }

    [Test]
    public void Verify_WrongPassword_False() =>
        Assert.That(PasswordHashing.Verify("correct hors", PasswordHashing.Hash("correct horse")), Is.False);

    [Test]
    public void Hash_SamePasswordTwice_DifferentSalts()
    {
        var first = PasswordHashing.Hash("same");
        var second = PasswordHashing.Hash("same");
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("")]
    [TestCase("argon2id$v=19$m=19456,t=2,p=1$AAAA")]
    [TestCase("bcrypt$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("argon2id$v=19$m=19456,t=2,p=1$not base64!$AAAA")]
    public void Verify_MalformedStoredHash_False(string stored) =>
        Assert.That(PasswordHashing.Verify("anything", stored), Is.False);

    [Test]
    public void Verify_TamperedHashByte_False()
    {
        var parts = PasswordHashing.Hash("pw").Split('$');
        var bytes = Convert.FromBase64String(parts[4]);
        bytes[0] ^= 1;
        parts[4] = Convert.ToBase64String(bytes);
        Assert.That(PasswordHashing.Verify("pw", string.Join('$', parts)), Is.False);
    }
}
