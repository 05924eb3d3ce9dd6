using Broker.Policy.Evaluation;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Policy.Tests;

/// <summary>The hub's re-check of a signed header against the sample policies.</summary>
public class EnvelopePolicyTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [TestCase("MY-PDRM", 0, false)]
    [TestCase("MY-PDRM", 1, true)]
    [TestCase("RU-MVD", 0, true)]
    [TestCase("RU-SC", 1, false)]
    public void CheckRecipients_SenderChosenView_DeliveredOnlyWherePermitted(string agency, int view, bool expected)
    {
        var header = Header(Tlp.Amber, broadcast: false, (agency, view));

        var check = EnvelopePolicy.CheckRecipients(header, RepositoryFiles.SampleDirectory(), RepositoryFiles.SampleSet(), At).Single();

        Assert.That(check.MayDeliver, Is.EqualTo(expected), check.Decision.Summary);
    }

    [Test]
    public void CheckRecipients_BroadcastListingChosenAgencies_EvaluatedAsBroadcast()
    {
        var header = Header(Tlp.Green, broadcast: true, ("RU-MVD", 1), ("MY-PDRM", 1));

        var checks = EnvelopePolicy.CheckRecipients(header, RepositoryFiles.SampleDirectory(), RepositoryFiles.SampleSet(), At);

        Assert.That(checks.Select(c => c.Decision.Reason), Has.None.EqualTo(DenyReason.BroadcastWithAddressees));
        Assert.That(checks, Has.All.Matches<RecipientCheck>(c => c.MayDeliver));
    }

    [Test]
    public void CheckRecipients_RedBroadcast_NothingDelivered()
    {
        var header = Header(Tlp.Red, broadcast: true, ("RU-MVD", 1));

        var check = EnvelopePolicy.CheckRecipients(header, RepositoryFiles.SampleDirectory(), RepositoryFiles.SampleSet(), At).Single();

        Assert.That(check.MayDeliver, Is.False);
        Assert.That(check.Decision.Reason, Is.EqualTo(DenyReason.RedBroadcast));
    }

    [Test]
    public void CheckRecipients_ViewIndexOutsideHeader_NotDelivered()
    {
        var header = Header(Tlp.Amber, broadcast: false, ("RU-MVD", 7));

        Assert.That(EnvelopePolicy.CheckRecipients(header, RepositoryFiles.SampleDirectory(), RepositoryFiles.SampleSet(), At).Single().MayDeliver, Is.False);
    }

    private static EnvelopeHeader Header(Tlp tlp, bool broadcast, params (string Agency, int View)[] recipients) => new()
    {
        Suite = 1,
        Sender = AgencyId.Parse("TH-ONCB"),
        SenderKeyId = default,
        Id = EnvelopeId.New(),
        Kind = MessageKind.Alert,
        Created = At,
        Expires = At.AddDays(1),
        Category = Category.Precursors,
        Priority = Priority.Urgent,
        Tlp = tlp,
        Classification = Classification.Restricted,
        Handling = HandlingCodes.H0CrimeFightingOnly,
        Broadcast = broadcast,
        Recipients = recipients.Select(r => new HeaderRecipient(AgencyId.Parse(r.Agency), r.View, default(KeyId))).ToArray(),
        Views =
        [
            new HeaderView(0, [DataClass.PersonalIdentity, DataClass.OperationalGeneral], new byte[32], new byte[32]),
            new HeaderView(1, [DataClass.OperationalGeneral], new byte[32], new byte[32]),
        ],
    };
}
