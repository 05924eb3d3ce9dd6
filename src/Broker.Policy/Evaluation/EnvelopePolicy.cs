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
        return new AlertFacts
        {
            Origin = header.Sender,
            Category = header.Category,
            Priority = header.Priority,
            Tlp = header.Tlp,
            Classification = header.Classification,
            Handling = header.Handling,
            Broadcast = header.Broadcast,
            AddressedAgencies = header.Broadcast ? [] : header.Recipients.Select(r => r.Agency).ToArray(),
            Expires = header.Expires,
            Views = header.Views.OrderBy(v => v.Index).Select(v => new AlertView(v.DataClasses)).ToArray(),
        };
    }

    /// <summary>Checks every recipient of the header; a stanza is delivered only where <see cref="RecipientCheck.MayDeliver"/>.</summary>
    public static IReadOnlyList<RecipientCheck> CheckRecipients(EnvelopeHeader header, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        var facts = Facts(header);
        if (header.Views.Select((v, i) => v.Index == i).Any(ok => !ok))
        {
            facts = facts with { Views = [] };  // views not numbered 0..n-1: refused as NoViews rather than guessed at
        }

        return header.Recipients
            .Select(r => new RecipientCheck(r, PolicyEvaluator.Decide(facts, r.Agency, directory, policies, at)))
            .ToArray();
    }
}
