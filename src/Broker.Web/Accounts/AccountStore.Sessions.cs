using System.Security.Cryptography;

namespace Broker.Web.Accounts;

/// <summary>
/// Server-side sessions: the cookie names a row here, and a cookie whose row is gone (signed out, account changed,
/// expired) no longer signs anyone in, even if it was copied before.
/// </summary>
internal sealed partial class AccountStore
{
    /// <summary>Starts a session for <paramref name="userName"/> and returns its id (256 random bits); expired rows are purged on the way.</summary>
    public string StartSession(string userName, DateTimeOffset now, DateTimeOffset expires)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Execute(
            "DELETE FROM sessions WHERE expires_at <= $now; INSERT INTO sessions (id, user_name, created_at, expires_at) VALUES ($id, $u, $now, $exp)",
            p =>
            {
                p.AddWithValue("$id", id);
                p.AddWithValue("$u", userName);
                p.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                p.AddWithValue("$exp", expires.ToUnixTimeMilliseconds());
            });
        return id;
    }

    /// <summary>True while session <paramref name="id"/> exists, belongs to <paramref name="userName"/> and has not expired.</summary>
    public bool IsSessionLive(string id, string userName, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sessions WHERE id = $id AND user_name = $u AND expires_at > $now";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$u", userName);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return command.ExecuteScalar() is not null;
    }

    public void EndSession(string id) => Execute("DELETE FROM sessions WHERE id = $id", p => p.AddWithValue("$id", id));

    /// <summary>Ends every session of one account (called on any account change).</summary>
    public void EndSessions(string userName) => Execute("DELETE FROM sessions WHERE user_name = $u", p => p.AddWithValue("$u", userName));
}
