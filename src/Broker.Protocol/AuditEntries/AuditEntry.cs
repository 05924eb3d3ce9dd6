namespace Broker.Protocol.AuditEntries;

/// <summary>
/// One leaf of the log: the record, its position and the sequencer's time. The position is inside the signed leaf, so an entry
/// moved to another place in the store no longer matches where it sits.
/// </summary>
public sealed record AuditEntry(long Index, DateTimeOffset Timestamp, AuditRecord Record);
