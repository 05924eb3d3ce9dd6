using Broker.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace Broker.Web.Accounts;

/// <summary>The web app's own SQLite: officer accounts (Argon2id hash, TOTP secret, lockout state), the read log and unread marks.</summary>
internal sealed partial class AccountStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS accounts (
            user_name TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            agency TEXT NOT NULL,
            role INTEGER NOT NULL,
            clearance INTEGER NOT NULL,
            password_hash TEXT NOT NULL,
            totp_secret TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER NULL,
            last_totp_step INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS reads (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            user_name TEXT NOT NULL,
            envelope_id TEXT NOT NULL,
            read_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS reads_by_user ON reads (user_name, envelope_id);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_name);
        """;

    private readonly string _connectionString;

    public AccountStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        PrivateFiles.Ensure(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Creates or changes an account. A change ends every session of that account (<see cref="EndSessions"/>), in the same
    /// transaction: a new password, code secret, role or clearance is never served to a cookie issued before it.
    /// </summary>
    public void Upsert(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO accounts (user_name, display_name, agency, role, clearance, password_hash, totp_secret) VALUES ($u, $d, $a, $r, $c, $h, $t)
                ON CONFLICT (user_name) DO UPDATE SET display_name = $d, agency = $a, role = $r, clearance = $c, password_hash = $h, totp_secret = $t, failed = 0, locked_until = NULL;
                DELETE FROM sessions WHERE user_name = $u;
                """;
            Bind(command.Parameters, officer);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Creates the account only if no account has that name; an existing one (its secret, its lockout) is left as it is.</summary>
    public bool TryAdd(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO accounts (user_name, display_name, agency, role, clearance, password_hash, totp_secret) VALUES ($u, $d, $a, $r, $c, $h, $t)
            ON CONFLICT (user_name) DO NOTHING
            """;
        Bind(command.Parameters, officer);
        return command.ExecuteNonQuery() == 1;
    }

    private static void Bind(SqliteParameterCollection p, Officer officer)
    {
        p.AddWithValue("$u", officer.UserName);
        p.AddWithValue("$d", officer.DisplayName);
        p.AddWithValue("$a", officer.Agency);
        p.AddWithValue("$r", (int)officer.Role);
        p.AddWithValue("$c", (int)officer.Clearance);
        p.AddWithValue("$h", officer.PasswordHash);
        p.AddWithValue("$t", officer.TotpSecret);
    }

    public Officer? Find(string userName)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_name, display_name, agency, role, clearance, password_hash, totp_secret, failed, locked_until, last_totp_step FROM accounts WHERE user_name = $u";
        command.Parameters.AddWithValue("$u", userName);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new Officer
        {
            UserName = reader.GetString(0),
            DisplayName = reader.GetString(1),
            Agency = reader.GetString(2),
            Role = (OfficerRole)reader.GetInt32(3),
            Clearance = (Clearance)reader.GetInt32(4),
            PasswordHash = reader.GetString(5),
            TotpSecret = reader.GetString(6),
            FailedSignIns = reader.GetInt32(7),
            LockedUntil = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            LastTotpStep = reader.GetInt64(9),
        };
    }

    /// <summary>
    /// Counts one sign-in attempt as a failure before the password is checked, in one statement, and locks the account when
    /// the count reaches <paramref name="maxFailures"/>. Null when the account is locked (or unknown): the attempt must not be
    /// verified at all. Counting first means parallel attempts each take their own slot, so no more than
    /// <paramref name="maxFailures"/> guesses are ever verified per lockout period; a success then clears the count
    /// (<see cref="TryRecordSuccess"/>). A lockout that has expired starts the count again at one.
    /// </summary>
    public (int Failed, bool LockedNow)? BeginAttempt(string userName, DateTimeOffset now, int maxFailures, DateTimeOffset lockUntil)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE accounts SET
              failed = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed + 1 END,
              locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed + 1 END) >= $max THEN $until ELSE NULL END
            WHERE user_name = $u AND (locked_until IS NULL OR locked_until <= $now)
            RETURNING failed, locked_until
            """;
        command.Parameters.AddWithValue("$u", userName);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", maxFailures);
        command.Parameters.AddWithValue("$until", lockUntil.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), !reader.IsDBNull(1)) : null;
    }

    /// <summary>
    /// Records a verified sign-in with TOTP step <paramref name="totpStep"/>, in one statement that succeeds only if no
    /// sign-in has used this step (or a later one): of two attempts with the same code, exactly one gets true.
    /// </summary>
    public bool TryRecordSuccess(string userName, long totpStep)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET failed = 0, locked_until = NULL, last_totp_step = $s WHERE user_name = $u AND last_totp_step < $s";
        command.Parameters.AddWithValue("$u", userName);
        command.Parameters.AddWithValue("$s", totpStep);
        return command.ExecuteNonQuery() == 1;
    }

    public void RecordRead(string userName, string envelopeId, DateTimeOffset at) => Execute(
        "INSERT INTO reads (user_name, envelope_id, read_at) VALUES ($u, $e, $at)",
        p =>
        {
            p.AddWithValue("$u", userName);
            p.AddWithValue("$e", envelopeId);
            p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        });

    public IReadOnlySet<string> ReadBy(string userName)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT envelope_id FROM reads WHERE user_name = $u";
        command.Parameters.AddWithValue("$u", userName);
        using var reader = command.ExecuteReader();
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            set.Add(reader.GetString(0));
        }

        return set;
    }

    /// <summary>Read log entries for one envelope (officer, time), oldest first.</summary>
    public IReadOnlyList<(string Officer, DateTimeOffset At)> ReadsOf(string envelopeId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_name, read_at FROM reads WHERE envelope_id = $e ORDER BY seq";
        command.Parameters.AddWithValue("$e", envelopeId);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, DateTimeOffset)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
        }

        return rows;
    }

    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    internal void Execute(string sql, Action<SqliteParameterCollection> bind)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        command.ExecuteNonQuery();
    }
}
