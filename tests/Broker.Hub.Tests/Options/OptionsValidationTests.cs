using Broker.Hub.Ingress;
using Broker.Hub.Options;
using Broker.Protocol;

namespace Broker.Hub.Tests.Options;

/// <summary>The hub's own options (the RabbitMQ connection options are Broker.Hosting's: Broker.Hosting.Tests).</summary>
public sealed class OptionsValidationTests
{
    [Test]
    public void RoutingValidate_CapAboveProtocolLimit_Fails() =>
        Assert.That(new RoutingOptionsValidator().Validate(null, new RoutingOptions { MaxEnvelopeBytes = ProtocolLimits.MaxEnvelopeBytes + 1 }).Failed, Is.True);

    [Test]
    public void RoutingValidate_Defaults_Succeed() =>
        Assert.That(new RoutingOptionsValidator().Validate(null, new RoutingOptions()).Succeeded, Is.True);

    [Test]
    public void RejectCodesFrom_ProtocolReason_IsKebabCaseName() =>
        Assert.That(RejectCodes.From(RejectReason.Ed25519SignatureInvalid), Is.EqualTo("ed25519-signature-invalid"));
}
