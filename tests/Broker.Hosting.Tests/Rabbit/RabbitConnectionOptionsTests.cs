using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Tests.Rabbit;

public sealed class RabbitConnectionOptionsTests
{
    // The generated Hosting validator is internal to Broker.Hosting; the data-annotation validator applies the same attributes and IValidatableObject rules.
    private static ValidateOptionsResult ValidateRabbit(RabbitConnectionOptions options) =>
        new DataAnnotationValidateOptions<RabbitConnectionOptions>(null).Validate(null, options);

    [Test]
    public void RabbitValidate_NeitherPasswordNorCertificate_Fails() =>
        Assert.That(ValidateRabbit(new RabbitConnectionOptions()).Failed, Is.True);

    [Test]
    public void RabbitValidate_CertificateWithoutTls_Fails() =>
        Assert.That(ValidateRabbit(new RabbitConnectionOptions { ClientCertificatePath = "a.p12" }).Failed, Is.True);

    [Test]
    public void RabbitValidate_PemWithoutKey_Fails() =>
        Assert.That(ValidateRabbit(new RabbitConnectionOptions { ClientCertificatePath = "a.crt", UseTls = true }).Failed, Is.True);

    [Test]
    public void RabbitValidate_PortOutOfRange_Fails() =>
        Assert.That(ValidateRabbit(new RabbitConnectionOptions { UserName = "u", Password = "p", Port = 0 }).Failed, Is.True);

    [Test]
    public void RabbitValidate_PasswordLogin_Succeeds() =>
        Assert.That(ValidateRabbit(new RabbitConnectionOptions { UserName = "u", Password = "p" }).Succeeded, Is.True);
}
