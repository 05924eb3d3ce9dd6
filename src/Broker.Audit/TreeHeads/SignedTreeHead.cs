using System.Formats.Cbor;

namespace Broker.Audit.TreeHeads;

/// <summary>
/// A signed tree head (STH): the log's commitment to its first <see cref="TreeSize"/> entries. The signature covers
/// <see cref="SignedPayload"/> (canonical CBOR, protocols/audit-log.md) under the purpose "broker/v1/tree-head"; two valid STHs of
/// one log that are not consistent prove the log forked.
/// </summary>
public sealed record SignedTreeHead
{
    public const string SignaturePurpose = "broker/v1/tree-head";

    public required string LogId { get; init; }
    public required long TreeSize { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required byte[] RootHash { get; init; }
    public required byte[] Signature { get; init; }

    public string RootHex => Convert.ToHexStringLower(RootHash);

    /// <summary>The exact bytes the log key signs.</summary>
    public byte[] SignedPayload() => Payload(LogId, TreeSize, Timestamp, RootHash);

    public static byte[] Payload(string logId, long treeSize, DateTimeOffset timestamp, ReadOnlySpan<byte> rootHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(5);
        writer.WriteInt32(1);
        writer.WriteTextString(logId);
        writer.WriteInt64(treeSize);
        writer.WriteInt64(timestamp.ToUnixTimeMilliseconds());
        writer.WriteByteString(rootHash);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
