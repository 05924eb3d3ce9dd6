using Broker.Bench.World;

namespace Broker.Bench.Tests.World;

public sealed class NodeSettingsTests
{
    private static readonly NodeSettings Settings = new("localhost", 5712, 5711, "/run/certs",
        new Dictionary<string, string> { ["RMQ_PASSWORD_TH_ONCB_SYSTEM"] = "p1", ["RMQ_PASSWORD_HUB_CORE"] = "p2", ["CERT_P12_PASSWORD"] = "p3" }, "hub");

    [Test]
    public void User_ContractUserName_TakesThePasswordDeployGenerated()
    {
        var options = Settings.User("TH-ONCB.system", "agency.TH-ONCB", "bench-e2e");

        Assert.That((options.UserName, options.Password, options.VirtualHost, options.Port, options.UseTls), Is.EqualTo(("TH-ONCB.system", "p1", "agency.TH-ONCB", 5712, false)));
    }

    [Test]
    public void HubCore_IsTheHubUserOnTheBenchmarkVhost() =>
        Assert.That((Settings.HubCore("bench-hub").UserName, Settings.HubCore("bench-hub").Password, Settings.HubCore("bench-hub").VirtualHost), Is.EqualTo(("hub-core", "p2", "hub")));

    [Test]
    public void Agency_MutualTlsWithItsCertificate()
    {
        var options = Settings.Agency("RU-MVD");

        Assert.That((options.Port, options.UseTls, options.ClientCertificatePath, options.ClientCertificatePassphrase), Is.EqualTo((5711, true, "/run/certs/RU-MVD.p12", "p3")));
    }

    [Test]
    public void Password_UnknownUser_NamesTheMissingKeyNotAValue() =>
        Assert.That(() => Settings.Password("MY-PDRM.gateway"), Throws.InvalidOperationException.With.Message.Contains("RMQ_PASSWORD_MY_PDRM_GATEWAY").And.Message.Not.Contains("p1"));
}
