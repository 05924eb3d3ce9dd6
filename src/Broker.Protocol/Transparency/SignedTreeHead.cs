using Broker.Protocol.Encoding;

namespace Broker.Protocol.Transparency;

/// <summary>
/// A signed tree head (STH): the log's commitment to its first <see cref="TreeSize"/> entries. The signature covers
/// <see cref="SignedPayload"/> (canonical CBOR, audit-log.md §4) under <see cref="SignaturePurpose"/>, the one purpose every
/// tree-head signer and verifier uses; two valid STHs of one log that are not consistent prove the log forked.
/// </summary>
public sealed record SignedTreeHead
{
    public const string SignaturePurpose = "broker/v1/tree-head";
    public const int FormatVersion = 1;

    /// <summary>Longest log id (in UTF-16 characters) a tree head may carry; it names the log and is configured, not data.</summary>
    public const int MaxLogIdChars = 256;

    public required string LogId { get; init; }
    public required long TreeSize { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required byte[] RootHash { get; init; }
    public required byte[] Signature { get; init; }

    public string RootHex => Convert.ToHexStringLower(RootHash);

    /// <summary>The exact bytes the log key signs.</summary>
    public byte[] SignedPayload() => Payload(LogId, TreeSize, Timestamp, RootHash);

    /// <summary><c>[1, log-id, tree-size, timestamp (ms), root-hash]</c>; throws on a value that has no encoding.</summary>
    public static byte[] Payload(string logId, long treeSize, DateTimeOffset timestamp, ReadOnlySpan<byte> rootHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logId.Length, MaxLogIdChars, nameof(logId));
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(timestamp, DateTimeOffset.UnixEpoch);
        var writer = Cbor.Writer();
        writer.WriteStartArray(5);
        writer.WriteInt32(FormatVersion);
        writer.WriteTextString(logId);
        writer.WriteInt64(treeSize);
        writer.WriteTime(timestamp);
        writer.WriteByteString(rootHash);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
