using System.Diagnostics.CodeAnalysis;
using System.Text;
using Broker.Protocol.Keys;

namespace Broker.Policy.Signing;

/// <summary>
/// Policy signatures: a composite Ed25519 + ML-DSA-65 detached signature over the exact bytes of the policy file, purpose
/// <c>broker/v1/policy</c>, stored next to it as <c>&lt;name&gt;.sig</c> in base64 on one line. Any change to the file, even
/// whitespace, invalidates the signature.
/// </summary>
public static class PolicySignatures
{
    public const string Purpose = "broker/v1/policy";
    public const string FileSuffix = ".sig";
    public const int MaxSignatureFileBytes = 16 * 1024;

    public static byte[] Sign(ReadOnlySpan<byte> document, SigningKeyPair key) => DetachedSignature.Sign(Purpose, document, key);

    /// <summary>The text written to the .sig file.</summary>
    public static byte[] EncodeFile(ReadOnlySpan<byte> signature) => Encoding.ASCII.GetBytes(Convert.ToBase64String(signature) + "\n");

    public static bool TryDecodeFile(ReadOnlySpan<byte> file, [NotNullWhen(true)] out byte[]? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        if (file.Length > MaxSignatureFileBytes)
        {
            error = $"the signature file is larger than {MaxSignatureFileBytes} bytes";
            return false;
        }

        try
        {
            signature = Convert.FromBase64String(Encoding.ASCII.GetString(file).Trim());
        }
        catch (FormatException)
        {
            error = "the signature file is not base64";
            return false;
        }

        if (signature.Length == 0)
        {
            error = "the signature file is empty";
            signature = null;
            return false;
        }

        error = null;
        return true;
    }
}
