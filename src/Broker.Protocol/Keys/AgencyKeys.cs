using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Keys;

/// <summary>
/// An agency's private keys: its composite signing key and its X-Wing decryption key. Owns both and disposes them.
/// At rest they exist only as <see cref="ExportProtected(ReadOnlySpan{char})"/> output (Argon2id + AES-256-GCM over the two seeds).
/// </summary>
public sealed partial class AgencyKeys : IDisposable
{
    public AgencyKeys(AgencyId agency, SigningKeyPair signing, EncryptionKeyPair encryption)
    {
        ArgumentNullException.ThrowIfNull(signing);
        ArgumentNullException.ThrowIfNull(encryption);
        Agency = agency;
        Signing = signing;
        Encryption = encryption;
    }

    public AgencyId Agency { get; }

    public SigningKeyPair Signing { get; }

    public EncryptionKeyPair Encryption { get; }

    public static AgencyKeys Generate(AgencyId agency) => new(agency, SigningKeyPair.Generate(), EncryptionKeyPair.Generate());

    public void Dispose()
    {
        Signing.Dispose();
        Encryption.Dispose();
    }
}
