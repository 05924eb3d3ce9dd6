namespace Broker.Protocol.AuditEntries;

/// <summary>
/// A decision's outcome as the audit log records it (audit-log.md §2, kind 3). The numbers are part of the entry format and never
/// change. They equal Broker.Policy's <c>DecisionOutcome</c>, but Broker.Protocol does not reference the policy engine: a byte
/// format must not move when the evaluator's types do. Broker.Audit maps one onto the other, and its tests keep the two in step.
/// </summary>
public enum RecordedOutcome
{
    Allow = 1,
    Withheld = 2,
    Deny = 3,
}
