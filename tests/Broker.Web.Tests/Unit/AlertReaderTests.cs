using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;

namespace Broker.Web.Tests.Unit;

public sealed class AlertReaderTests
{
    [TestCase("unclassified", 1, true)]
    [TestCase("restricted", 1, true)]
    [TestCase("confidential", 1, false)]
    [TestCase("secret", 2, false)]
    [TestCase("secret", 3, true)]
    [TestCase("top-secret", 3, false)]
    [TestCase("", 3, false)]
    public void MayRead_ByClassification_OnlyAtOrBelowClearance(string classification, int clearance, bool expected) =>
        Assert.That(AlertReader.MayRead(OfficerOf("RU-MVD", (Clearance)clearance), "RU-MVD", Alert(classification)), Is.EqualTo(expected));

    [Test]
    public void MayRead_OfficerOfAnotherAgency_False() =>
        Assert.That(AlertReader.MayRead(OfficerOf("TH-ONCB", Clearance.Secret), "RU-MVD", Alert("unclassified")), Is.False);

    internal static Officer OfficerOf(string agency, Clearance clearance) => new()
    {
        UserName = "u",
        DisplayName = "U",
        Agency = agency,
        Role = OfficerRole.Officer,
        Clearance = clearance,
        PasswordHash = "x",
        TotpSecret = "x",
    };

    private static InboxItem Alert(string classification) => new()
    {
        EnvelopeId = "e",
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Sender = "TH-ONCB",
        Kind = "Alert",
        Broker = [],
        Alert = new JsonObject { ["classification"] = classification },
    };
}
