namespace Broker.Policy.Model;

/// <summary>Which half of a country's policy a rule belongs to: what its agencies send, or what they accept.</summary>
public enum PolicyDirection
{
    Outbound = 1,
    Inbound = 2,
}

/// <summary>What a matching rule does. A matching deny rule always wins over any allow rule of the same policy.</summary>
public enum RuleEffect
{
    Allow = 1,
    Deny = 2,
}
