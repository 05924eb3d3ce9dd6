namespace Broker.Policy.Model;

/// <summary>
/// Names one signed policy version exactly: country, version number and the SHA-256 of the document bytes that were signed.
/// Every decision records these so an auditor can replay it against the same bytes.
/// </summary>
public readonly record struct PolicyVersionRef(CountryCode Country, long Version, string Digest)
{
    public override string ToString() => $"{Country} v{Version}";
}

/// <summary>One rule of one policy version: the smallest unit a decision can be explained by.</summary>
public readonly record struct PolicyRuleRef(PolicyVersionRef Policy, PolicyDirection Direction, string RuleId)
{
    public override string ToString() =>
        $"{Policy.Country} v{Policy.Version} {(Direction == PolicyDirection.Outbound ? "outbound" : "inbound")} rule '{RuleId}'";
}
