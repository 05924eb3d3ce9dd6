using System.ComponentModel.DataAnnotations;

namespace Broker.Web.Hosting;

/// <summary>
/// The thin client's configuration (section <c>Web</c>): whose alerts and where the stores are. How actions reach the gateway
/// is the AMQP connection in <see cref="RabbitSection"/> (a <c>RabbitConnectionOptions</c> like every broker connection).
/// </summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>The connection actions are published on; vhost, user and client name default to <c>agency.&lt;ID&gt;</c>, <c>&lt;ID&gt;.system</c>, <c>broker-web</c>.</summary>
    public const string RabbitSection = "Web:Rabbit";

    /// <summary>The agency this client serves (CC-NAME); officers of other agencies see nothing.</summary>
    [Required]
    [RegularExpression(@"^[A-Z]{2}-[A-Z0-9]{2,16}\z")]
    public string Agency { get; set; } = string.Empty;

    /// <summary>The gateway's SQLite store, read through the gateway's read model (opened read-only).</summary>
    [Required]
    public string GatewayStorePath { get; set; } = string.Empty;

    /// <summary>The web app's own SQLite: accounts and the read log.</summary>
    [Required]
    public string AccountsPath { get; set; } = "web-accounts.db";

    /// <summary>Creates the demo accounts that are missing at start-up (only in Development, unless <see cref="SeedDemoOutsideDevelopment"/>).</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Allows <see cref="SeedDemo"/> in an environment other than Development (the demo script sets it).</summary>
    public bool SeedDemoOutsideDevelopment { get; set; }

    [Range(1, 20)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in posts one client address may make per minute (token bucket); more get 429.</summary>
    [Range(1, 10_000)]
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>Sign-in posts verified at once (each Argon2id verification takes 19 MiB); the rest wait in a short queue.</summary>
    [Range(1, 64)]
    public int SignInConcurrency { get; set; } = 2;

    /// <summary>Sign-in posts that may wait for a verification slot; more get 429.</summary>
    [Range(0, 1000)]
    public int SignInQueue { get; set; } = 4;

    /// <summary>How long a session lives from sign-in, however active (the server-side session row's absolute expiry).</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 8 * 60;
}
