using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Auditor;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;token&gt;</c> against the configured accounts: the SHA-256 of the presented token is
/// compared with every account's stored hash in constant time (all of them, so timing does not reveal which one matched).
/// </summary>
internal sealed class AuditorAuthentication
{
    private const int MaxTokenLength = 512;
    private readonly (string Name, byte[] Hash)[] _accounts;

    public AuditorAuthentication(IOptions<AuditorApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accounts = options.Value.Accounts.Select(a => (a.Name, Convert.FromHexString(a.TokenSha256))).ToArray();
    }

    /// <summary>The account name for a valid token, otherwise null with a reason (never echoing the token).</summary>
    public string? Authenticate(string? authorization, out string reason)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            reason = "no bearer token";
            return null;
        }

        var token = authorization[Scheme.Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            reason = "malformed bearer token";
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? match = null;
        foreach (var (name, hash) in _accounts)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match ??= name;
            }
        }

        reason = match is null ? "unknown token" : "ok";
        return match;
    }

    /// <summary>The value to store in <c>AuditorApi:Accounts:N:TokenSha256</c> for a token.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
