
namespace Broker.Audit.Verification;

/// <summary>What an auditor's check found wrong. Every code is a failure: a run with any finding exits non-zero.</summary>
public enum FindingCode
{
    /// <summary>An index has no entry (a row was deleted).</summary>
    EntryMissing = 1,
    /// <summary>An entry's bytes no longer hash to the leaf hash stored beside them (edited in place).</summary>
    EntryAltered = 2,
    /// <summary>An entry's bytes do not decode as a canonical audit entry.</summary>
    EntryMalformed = 3,
    /// <summary>An entry sits at a position other than the index it was written for (rows swapped).</summary>
    EntriesReordered = 4,
    /// <summary>An entry that the sequencer never wrote was inserted; later entries are shifted.</summary>
    EntryInserted = 5,
    /// <summary>The stored entries no longer produce the root a valid tree head signed (rewritten with fresh leaf hashes).</summary>
    EntriesRewritten = 6,
    /// <summary>A valid tree head covers more entries than the log has (entries removed from the end).</summary>
    LogTruncated = 7,
    /// <summary>A tree head's signature does not verify under the log key.</summary>
    TreeHeadSignatureInvalid = 8,
    /// <summary>Two validly signed tree heads are not consistent: the log showed different histories.</summary>
    ForkedLog = 9,
    /// <summary>The sealed envelope an EnvelopeReceived entry names is not in the archive.</summary>
    ArchivedEnvelopeMissing = 10,
    /// <summary>The archived envelope no longer has the hash the log recorded.</summary>
    ArchivedEnvelopeAltered = 11,
    /// <summary>A tree head or witness record could not be read.</summary>
    TreeHeadUnreadable = 12,
    /// <summary>Re-verifying an envelope's signature against the registry of the time gives a different result than recorded.</summary>
    VerificationDiffers = 20,
    /// <summary>Re-evaluating a decision with the recorded policy versions gives a different outcome or rule.</summary>
    DecisionDiffers = 21,
    /// <summary>A delivery was recorded without an Allow decision for that recipient.</summary>
    DeliveryWithoutAllow = 22,
    /// <summary>A decision or delivery names an envelope the log never received or that failed verification.</summary>
    DecisionWithoutAcceptedEnvelope = 23,
    /// <summary>A decision names a policy version the log never recorded.</summary>
    UnknownPolicyVersion = 24,
    /// <summary>A verification names a registry version the log never recorded, or a recorded registry does not verify under the anchor.</summary>
    UnknownRegistryVersion = 25,
    /// <summary>A decision used a policy version other than the one in force when it was made.</summary>
    PolicyVersionNotInForce = 26,
}

/// <summary>One finding: its code, the entry index or tree size it concerns (if any) and a sentence for the report.</summary>
public sealed record Finding(FindingCode Code, long? Index, string Detail);
