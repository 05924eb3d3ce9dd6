using System.ComponentModel.DataAnnotations;

namespace Broker.Web.Hosting;

/// <summary>The thin client's configuration (section <c>Web</c>): whose alerts, where the stores are, how actions reach the gateway.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>The agency this client serves (CC-NAME); officers of other agencies see nothing.</summary>
    [Required]
    [RegularExpression("^[A-Z]{2}-[A-Z0-9]{2,16}$")]
    public string Agency { get; set; } = string.Empty;

    /// <summary>The gateway's SQLite store (read only from here).</summary>
    [Required]
    public string GatewayStorePath { get; set; } = string.Empty;

    /// <summary>The web app's own SQLite: accounts and the read log.</summary>
    [Required]
    public string AccountsPath { get; set; } = "web-accounts.db";

    /// <summary>Creates the demo accounts at start-up and prints them.</summary>
    public bool SeedDemo { get; set; }

    [Range(1, 20)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    [Required]
    public RabbitOptions Rabbit { get; set; } = new();
}

/// <summary>The agency vhost connection used to publish actions as <c>&lt;ID&gt;.system</c>.</summary>
public sealed class RabbitOptions
{
    public string HostName { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;
}
