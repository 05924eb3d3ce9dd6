using Broker.Hub.Auditor;

namespace Broker.Hub.Tests.Audit;

public sealed class AuditorAuthenticationTests
{
    private static AuditorAuthentication Create()
    {
        var options = new AuditorApiOptions();
        options.Accounts.Add(new AuditorAccount { Name = "oversight-1", TokenSha256 = AuditorAuthentication.HashToken("token-one") });
        options.Accounts.Add(new AuditorAccount { Name = "oversight-2", TokenSha256 = AuditorAuthentication.HashToken("token-two") });
        return new AuditorAuthentication(Microsoft.Extensions.Options.Options.Create(options));
    }

    [Test]
    public void Authenticate_KnownToken_ReturnsItsAccount() =>
        Assert.That(Create().Authenticate("Bearer token-two", out _), Is.EqualTo("oversight-2"));

    [TestCase(null, "no bearer token")]
    [TestCase("Basic dXNlcjpwYXNz", "no bearer token")]
    [TestCase("Bearer ", "malformed bearer token")]
    [TestCase("Bearer token-three", "unknown token")]
    [TestCase("Bearer TOKEN-ONE", "unknown token")]
    public void Authenticate_MissingOrWrongToken_Refused(string? header, string expected)
    {
        var account = Create().Authenticate(header, out var reason);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void Authenticate_OversizedToken_RefusedAsMalformed() =>
        Assert.That(Create().Authenticate("Bearer " + new string('a', 600), out var reason), Is.Null.And.Matches<string?>(_ => reason == "malformed bearer token"));
}
