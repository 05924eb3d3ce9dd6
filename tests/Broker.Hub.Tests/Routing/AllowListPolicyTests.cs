using Broker.Hub.Routing;
using Broker.Hub.Tests.Support;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Tests.Routing;

public sealed class AllowListPolicyTests
{
    private static EnvelopeHeader HeaderFrom(string sender) =>
        Envelope.TryReadHeader(HubWorld.Shared.Seal(sender, ["SG-CNB"]), out var header, out _) ? header : throw new AssertionException("no header");

    private static RecipientVerdict Decide(string[] pairs, string from, string to) =>
        new AllowListPolicy(pairs).Decide(HeaderFrom(from), AgencyId.Parse(to), HubWorld.Shared.Registry);

    [Test]
    public void Decide_BilateralEntry_AllowsBothDirections()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Decide(["TH-ONCB<->RU-MVD"], "TH-ONCB", "RU-MVD").Allowed, Is.True);
            Assert.That(Decide(["TH-ONCB<->RU-MVD"], "RU-MVD", "TH-ONCB").Allowed, Is.True);
        }
    }

    [Test]
    public void Decide_OneWayEntry_DeniesTheReverseWithPolicyDenied()
    {
        var reverse = Decide(["TH-ONCB->MY-PDRM"], "MY-PDRM", "TH-ONCB");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Decide(["TH-ONCB->MY-PDRM"], "TH-ONCB", "MY-PDRM").Allowed, Is.True);
            Assert.That(reverse.Allowed, Is.False);
            Assert.That(reverse.Code, Is.EqualTo("policy-denied"));
        }
    }

    [Test]
    public void Decide_EmptyList_DeniesByDefault() =>
        Assert.That(Decide([], "TH-ONCB", "RU-MVD").Allowed, Is.False);

    [Test]
    public void Decide_RecipientNotInRegistry_DeniedUnknownRecipient() =>
        Assert.That(Decide(["TH-ONCB<->KH-NP"], "TH-ONCB", "KH-NP").Code, Is.EqualTo("unknown-recipient"));

    [Test]
    public void Decide_SenderAddressesItself_DeniedSelfAddressed() =>
        Assert.That(Decide(["TH-ONCB<->TH-ONCB"], "TH-ONCB", "TH-ONCB").Code, Is.EqualTo("self-addressed"));

    [TestCase("TH-ONCB")]
    [TestCase("TH-ONCB<->")]
    [TestCase("th-oncb<->RU-MVD")]
    [TestCase("TH-ONCB=>RU-MVD")]
    public void Constructor_MalformedEntry_ThrowsInvalidOperation(string entry) =>
        Assert.That(() => new AllowListPolicy([entry]), Throws.InvalidOperationException);
}
