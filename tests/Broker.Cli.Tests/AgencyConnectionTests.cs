using System.Globalization;
using Broker.Cli.Agency;
using Broker.Cli.Policy;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Configuration;

namespace Broker.Cli.Tests;

/// <summary><c>broker send</c> and <c>broker tail</c> log in as the agency system through the shared connection builder.</summary>
public sealed class AgencyConnectionTests
{
    private string _secrets = null!;

    [SetUp]
    public void SetUp()
    {
        _secrets = Path.Combine(Path.GetTempPath(), $"cli-secrets-{Guid.NewGuid():N}.env");
        File.WriteAllText(_secrets, "RMQ_PASSWORD_TH_ONCB_SYSTEM=from-the-file\nRMQ_PASSWORD_OTHER=x\n");
    }

    [TearDown]
    public void TearDown() => File.Delete(_secrets);

    [Test]
    public void Resolve_DemoEnvironment_SystemUserOnTheAgencyVhostWithRecovery()
    {
        var target = AgencyConnection.Resolve("TH-ONCB", null, Environment(new() { ["BROKER_RMQ_HOST"] = "localhost", ["BROKER_RMQ_AMQP_PORT"] = "5702" }));
        var factory = target.Factory("send");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(factory.VirtualHost, Is.EqualTo(AgencyNames.VirtualHost("TH-ONCB")));
            Assert.That(factory.UserName, Is.EqualTo(AgencyNames.SystemUser("TH-ONCB")));
            Assert.That(factory.Password, Is.EqualTo("from-the-file"));
            Assert.That((factory.HostName, factory.Port), Is.EqualTo(("localhost", 5702)));
            Assert.That(factory.ClientProvidedName, Is.EqualTo("broker-cli-send"));
            Assert.That(factory.AutomaticRecoveryEnabled, Is.True);
            Assert.That(factory.Ssl.Enabled, Is.False);
        }
    }

    [Test]
    public void Resolve_InstanceOnly_PortsShiftByTenPerInstance()
    {
        var plain = AgencyConnection.Resolve("TH-ONCB", null, Environment(new() { ["BROKER_RMQ_INSTANCE"] = "3" }));
        var tls = AgencyConnection.Resolve("TH-ONCB", null, Environment(new() { ["BROKER_RMQ_INSTANCE"] = "3", ["BROKER_AGENCY_AMQP:UseTls"] = "true" }));
        Assert.That((plain.Options.Port, tls.Options.Port), Is.EqualTo((5702, 5701)));
    }

    [Test]
    public void Resolve_TlsSettingsInTheEnvironment_BoundAndBuiltWithTls()
    {
        var target = AgencyConnection.Resolve("TH-ONCB", null, Environment(new()
        {
            ["BROKER_RMQ_AMQPS_PORT"] = "5681",
            ["BROKER_AGENCY_AMQP:UseTls"] = "true",
            ["BROKER_AGENCY_AMQP:ServerName"] = "broker.example",
            ["BROKER_AGENCY_AMQP:Password"] = "from-the-environment",
        }));
        var factory = target.Factory("tail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(factory.Ssl.Enabled, Is.True);
            Assert.That(factory.Ssl.ServerName, Is.EqualTo("broker.example"));
            Assert.That(factory.Port, Is.EqualTo(5681));
            Assert.That(factory.Password, Is.EqualTo("from-the-environment"), "a password in the environment wins over the file");
        }
    }

    [TestCase("TH_ONCB", "not an agency id")]
    [TestCase("th-oncb", "not an agency id")]
    public void Resolve_NotAnAgencyId_Refused(string agency, string message) =>
        Assert.That(() => AgencyConnection.Resolve(agency, null, Environment([])), Throws.InstanceOf<CliException>().With.Message.Contains(message));

    [Test]
    public void Resolve_SecretsFileMissingOrWithoutTheUser_Refused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AgencyConnection.Resolve("TH-ONCB", _secrets + ".missing", Environment([])), Throws.InstanceOf<CliException>().With.Message.Contains("not found"));
            Assert.That(() => AgencyConnection.Resolve("RU-MVD", null, Environment([])), Throws.InstanceOf<CliException>().With.Message.Contains("RMQ_PASSWORD_RU_MVD_SYSTEM"));
        }
    }

    [TestCase("Port", "not-a-number")]
    [TestCase("Port", "70000")]
    [TestCase("ClientCertificatePath", "agency.pem")]
    public void Resolve_BadSetting_RefusedWithTheSettingNamed(string setting, string value) =>
        Assert.That(
            () => AgencyConnection.Resolve("TH-ONCB", null, Environment(new() { [$"BROKER_AGENCY_AMQP:{setting}"] = value })),
            Throws.InstanceOf<CliException>().With.Message.Contains("BROKER_AGENCY_AMQP"));

    [Test]
    [Category("Integration")]
    [CancelAfter(60_000)]
    public async Task OpenAsync_DemoNode_LogsInAsTheAgencySystem(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        await env.EnsureRunningAsync(cancellationToken);
        var target = AgencyConnection.Resolve("TH-ONCB", null, Environment(new()
        {
            ["BROKER_RMQ_HOST"] = env.Host,
            ["BROKER_RMQ_AMQP_PORT"] = env.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["BROKER_RMQ_SECRETS_FILE"] = env.SecretsFile,
        }));
        await using var connection = await target.OpenAsync("test", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(connection.IsOpen, Is.True);
            Assert.That(connection.ClientProvidedName, Is.EqualTo("broker-cli-test"));
            // A passive check of the queue the system user may read: the login reached the agency's own vhost.
            Assert.That(async () => await channel.MessageCountAsync(AgencyNames.InboxQueue, cancellationToken), Throws.Nothing);
        }
    }

    private IConfiguration Environment(Dictionary<string, string?> values)
    {
        values.TryAdd("BROKER_RMQ_SECRETS_FILE", _secrets);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
