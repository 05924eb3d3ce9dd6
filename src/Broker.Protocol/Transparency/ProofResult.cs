namespace Broker.Protocol.Transparency;

/// <summary>Outcome of an RFC 9162 proof check; anything but <see cref="Valid"/> is a failed proof with its reason.</summary>
public enum ProofResult
{
    Valid = 0,
    /// <summary>The leaf index is not below the tree size, or the first size is above the second.</summary>
    IndexOutOfRange = 1,
    /// <summary>A proof element or a hash is not 32 bytes.</summary>
    MalformedHash = 2,
    /// <summary>The proof has more elements than the tree shape allows.</summary>
    ExtraElements = 3,
    /// <summary>The proof ends before the tree shape is covered.</summary>
    MissingElements = 4,
    /// <summary>The recomputed root differs from the one claimed.</summary>
    RootMismatch = 5,
    /// <summary>A consistency proof for two equal sizes or from an empty tree carries elements, or two equal-size roots differ.</summary>
    UnexpectedProof = 6,
}
