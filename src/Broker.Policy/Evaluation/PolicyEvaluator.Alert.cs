namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Checks that concern the alert as a whole; any failure refuses it for every candidate. TLP 2.0: RED is for named individual
    // recipients only, AMBER+STRICT for the recipient organisation only, so neither can be broadcast, and RED cannot be addressed
    // to a whole country. CLEAR means "may be disclosed publicly", which contradicts any protective classification.
    private static (DenyReason Reason, string? Text) CheckAlert(AlertFacts alert, IAgencyDirectory directory, DateTimeOffset at)
    {
        var addressed = alert.AddressedAgencies.Count + alert.AddressedCountries.Count;
        if (alert.Views is null || alert.Views.Count == 0)
        {
            return (DenyReason.NoViews, "the alert has no content view");
        }

        if (alert.Views.Count > AlertFacts.MaxViews)
        {
            return (DenyReason.TooManyViews, $"the alert has {alert.Views.Count} views; at most {AlertFacts.MaxViews} are allowed");
        }

        if (!Enum.IsDefined(alert.Tlp) || !Enum.IsDefined(alert.Classification) || !Enum.IsDefined(alert.Category)
            || (alert.Handling & ~AllHandling) != 0 || alert.Views.Any(v => v?.DataClasses is null))
        {
            return (DenyReason.InvalidMarking, "a marking or view of the alert has a value this evaluator does not know");
        }

        if (alert.Broadcast && addressed > 0)
        {
            return (DenyReason.BroadcastWithAddressees, "a broadcast alert cannot also name agencies or countries; send a broadcast or an addressed alert");
        }

        if (!alert.Broadcast && addressed == 0)
        {
            return (DenyReason.NoAddressees, "the alert is neither a broadcast nor addressed to any agency or country");
        }

        if (alert.Broadcast && alert.Tlp == Tlp.Red)
        {
            return (DenyReason.RedBroadcast, "TLP:RED is for the named recipients only and cannot be broadcast");
        }

        if (alert.Broadcast && alert.Tlp == Tlp.AmberStrict)
        {
            return (DenyReason.AmberStrictBroadcast, "TLP:AMBER+STRICT is for the recipient organisation only and cannot be broadcast");
        }

        if (alert.Tlp == Tlp.Red && alert.AddressedCountries.Count > 0)
        {
            return (DenyReason.RedAddressedToCountry, "TLP:RED must name each recipient agency; it cannot be addressed to a whole country");
        }

        if (alert.Tlp == Tlp.Clear && alert.Classification != Classification.Unclassified)
        {
            return (DenyReason.ClassifiedMarkedClear, $"TLP:CLEAR (public disclosure) contradicts the classification {Wire.Name(alert.Classification)}");
        }

        if (alert.Expires <= at)
        {
            return (DenyReason.Expired, $"the alert expired at {alert.Expires:O}");
        }

        if (!directory.TryFind(alert.Origin, out var origin))
        {
            return (DenyReason.UnknownOrigin, $"the origin {alert.Origin} is not in the agency directory");
        }

        if (origin.State != AgencyState.Active)
        {
            return (DenyReason.OriginNotActive, $"the origin {alert.Origin} is {origin.State.ToString().ToLowerInvariant()} in the registry");
        }

        return (DenyReason.None, null);
    }

    private const HandlingCodes AllHandling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H1NoEvidenceWithoutMla
        | HandlingCodes.H2NoOnwardWithoutConsent | HandlingCodes.H3OtherRestrictions;
}
