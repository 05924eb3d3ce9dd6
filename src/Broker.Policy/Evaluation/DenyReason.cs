namespace Broker.Policy.Evaluation;

/// <summary>Per-recipient outcome. Withheld means the policies would allow the recipient, but not any view the sender prepared.</summary>
public enum DecisionOutcome
{
    Allow = 1,
    Withheld = 2,
    Deny = 3,
}

/// <summary>Why a recipient (or the whole alert) was denied. Numeric values are stable: they are stored in the audit log.</summary>
public enum DenyReason
{
    None = 0,

    // The alert as a whole is refused (every candidate gets the same reason).
    NoViews = 1,
    TooManyViews = 2,
    BroadcastWithAddressees = 3,
    NoAddressees = 4,
    RedBroadcast = 5,
    AmberStrictBroadcast = 6,
    RedAddressedToCountry = 7,
    ClassifiedMarkedClear = 8,
    Expired = 9,
    UnknownOrigin = 10,
    OriginNotActive = 11,
    InvalidMarking = 12,

    // One recipient is denied.
    UnknownRecipient = 20,
    RecipientNotActive = 21,
    RecipientIsOrigin = 22,
    NoOriginPolicy = 23,
    NoDestinationPolicy = 24,
    DeniedByRule = 25,
    NoMatchingRule = 26,
    TlpAboveRuleMaximum = 27,
    ClassificationAboveRuleMaximum = 28,
    RequiredHandlingMissing = 29,
}
