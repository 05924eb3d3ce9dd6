using Broker.Gateway.Options;

namespace Broker.Gateway.Tests.Options;

public class GatewayOptionsTests
{
    [Test]
    public void Validate_CompleteOptions_Succeeds() =>
        Assert.That(new GatewayOptionsValidator().Validate(null, Complete()).Succeeded, Is.True);

    [Test]
    public void Validate_BadAgencyId_FailsNamingTheSetting()
    {
        var options = Complete();
        options.Agency = "thailand";
        var result = new GatewayOptionsValidator().Validate(null, options);
        Assert.That(result.FailureMessage, Does.Contain("Gateway:Agency"));
    }

    [Test]
    public void Validate_MissingPassphraseAndOversizedCap_Fails()
    {
        var options = Complete();
        options.KeyPassphrase = "";
        options.MaxAlertBytes = 64 * 1024 * 1024;
        var result = new GatewayOptionsValidator().Validate(null, options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain(nameof(GatewayOptions.KeyPassphrase)).And.Contain(nameof(GatewayOptions.MaxAlertBytes)));
        }
    }

    [TestCase(0)]
    [TestCase(65)]
    public void Validate_DrainConcurrencyOutOfRange_FailsNamingTheSetting(int concurrency)
    {
        var options = Complete();
        options.DrainConcurrency = concurrency;
        var result = new GatewayOptionsValidator().Validate(null, options);
        Assert.That(result.FailureMessage, Does.Contain(nameof(GatewayOptions.DrainConcurrency)));
    }

    [Test]
    public void DrainConcurrency_Default_IsEight() => Assert.That(new GatewayOptions().DrainConcurrency, Is.EqualTo(8));

    private static GatewayOptions Complete() => new()
    {
        Agency = "TH-ONCB",
        KeyFilePath = "k",
        KeyPassphrase = "p",
        RegistryPath = "r",
        TrustAnchorPath = "a",
    };
}
