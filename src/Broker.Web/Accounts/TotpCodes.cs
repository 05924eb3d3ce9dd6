using OtpNet;

namespace Broker.Web.Accounts;

/// <summary>RFC 6238 codes (SHA-1, 6 digits, 30 s) with one step of clock drift either way; the clock comes from <see cref="TimeProvider"/>.</summary>
internal static class TotpCodes
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static string ProvisioningUri(string issuer, string account, string secret) =>
        new OtpUri(OtpType.Totp, secret, account, issuer).ToString();

    public static string Compute(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);

    /// <summary>True for a 6-digit code valid within ±1 step; returns the matched step so a code cannot be used twice.</summary>
    public static bool Verify(string secret, string? code, DateTimeOffset now, out long step)
    {
        step = 0;
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out step, new VerificationWindow(previous: 1, future: 1));
    }
}
