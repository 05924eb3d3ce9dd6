namespace Broker.Protocol;

/// <summary>
/// Why the protocol refused an input. Codes are stable and public (protocols/envelope-v1.md, "Reject reasons"):
/// 1xx encoding and structure, 2xx suite and signature, 3xx keys and registry, 4xx time, 5xx decryption and binding.
/// A reason never carries payload, key or plaintext bytes.
/// </summary>
public enum RejectReason
{
    None = 0,

    Malformed = 100,
    TooLarge = 101,
    Truncated = 102,
    TrailingBytes = 103,
    NonCanonicalEncoding = 104,
    DuplicateMapKey = 105,
    ForbiddenCborItem = 106,
    MissingField = 107,
    UnknownField = 108,
    InvalidField = 109,
    LimitExceeded = 110,
    InvalidReference = 111,
    DuplicateEntry = 112,

    UnsupportedSuite = 200,
    SuiteDowngrade = 201,
    SignatureMalformed = 202,
    SignatureKeyMismatch = 203,
    Ed25519SignatureInvalid = 204,
    MlDsaSignatureInvalid = 205,

    UnknownAgency = 300,
    UnknownKey = 301,
    KeyRevoked = 302,
    KeyExpired = 303,
    KeyNotYetValid = 304,
    AgencySuspended = 305,
    RegistryInvalid = 306,
    NotARecipient = 307,
    RecipientKeyMismatch = 308,
    KeyFileInvalid = 309,
    WrongPassphrase = 310,

    CreatedInFuture = 400,
    Expired = 401,
    LifetimeTooLong = 402,
    ExpiresBeforeCreated = 403,

    StanzaOpenFailed = 500,
    KeyCommitmentMismatch = 501,
    ViewDecryptionFailed = 502,
    CiphertextHashMismatch = 503,
    ViewMissing = 504,
    StanzaMissing = 505,
}
