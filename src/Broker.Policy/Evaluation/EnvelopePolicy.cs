using Broker.Policy.Store;
using Broker.Protocol.Envelopes;

namespace Broker.Policy.Evaluation;

/// <summary>A header recipient whose stanza the hub may deliver, with the decision that says so or why not.</summary>
public sealed record RecipientCheck(HeaderRecipient Recipient, RecipientDecision Decision)
{
    /// <summary>True when the policies allow this recipient and the view the sender sealed for it is one they permit.</summary>
    public bool MayDeliver => Decision.Permits(Recipient.ViewIndex);
}

/// <summary>
/// The hub's side of enforcement: turns a verified envelope header into <see cref="AlertFacts"/> and checks every recipient
/// stanza independently of the gateway. A broadcast header lists the agencies the gateway chose; each is checked as a
/// broadcast candidate (TLP:RED and AMBER+STRICT broadcasts are refused as a whole). Country addressing is resolved by the
/// gateway before sealing, so at the hub every recipient is a named agency.
/// </summary>
public static class EnvelopePolicy
{
    public static AlertFacts Facts(EnvelopeHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var recipients = new AgencyId[header.Broadcast ? 0 : header.Recipients.Count];
        for (var i = 0; i < recipients.Length; i++)
        {
            recipients[i] = header.Recipients[i].Agency;
        }

        // Views are signed in index order 0..n-1; anything else is refused as NoViews rather than guessed at.
        var views = new AlertView[header.Views.Count];
        for (var i = 0; i < views.Length; i++)
        {
            if (header.Views[i].Index != i)
            {
                views = [];
                break;
            }

            views[i] = new AlertView(header.Views[i].DataClasses);
        }

        return new AlertFacts
        {
            Origin = header.Sender,
            Category = header.Category,
            Priority = header.Priority,
            Tlp = header.Tlp,
            Classification = header.Classification,
            Handling = header.Handling,
            Broadcast = header.Broadcast,
            AddressedAgencies = recipients,
            Expires = header.Expires,
            Views = views,
        };
    }

    /// <summary>Checks every recipient of the header; a stanza is delivered only where <see cref="RecipientCheck.MayDeliver"/>.</summary>
    public static IReadOnlyList<RecipientCheck> CheckRecipients(EnvelopeHeader header, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        var facts = Facts(header);
        var agencies = facts.AddressedAgencies;
        if (header.Broadcast)
        {
            var listed = new AgencyId[header.Recipients.Count];
            for (var i = 0; i < listed.Length; i++)
            {
                listed[i] = header.Recipients[i].Agency;
            }

            agencies = listed;
        }

        var decisions = PolicyEvaluator.DecideEach(facts, agencies, directory, policies, at);
        var checks = new RecipientCheck[decisions.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i] = new RecipientCheck(header.Recipients[i], decisions[i]);
        }

        return checks;
    }
}
