using System.Diagnostics;
using System.Globalization;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Broker.IntegrationTests.Topology;

/// <summary>
/// No node the scripts start has RabbitMQ's default <c>guest</c> administrator (protocols/amqp.md §4): the single node of
/// deploy/rabbitmq.sh, and the nodes of deploy/cluster.sh, which import the users at boot rather than after it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GuestUserTests
{
    /// <summary>A private one-node cluster of this test's own (ports 5701 + 9000 and up), beside the developer's cluster and node.</summary>
    private const int ClusterInstance = 9;

    private static string ClusterRunDirectory => Path.Combine(RepositoryRoot.Path, ".run", "guest-cluster");

    [Test, CancelAfter(60_000)]
    public async Task SingleNode_GuestUser_AbsentAndRefusedAtLogin(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        await env.EnsureRunningAsync(cancellationToken);
        using var management = new RabbitMqManagement();

        var users = (await management.ListAsync("users", cancellationToken)).Select(u => u["name"]!.GetValue<string>()).ToList();
        var refusal = Assert.ThrowsAsync<BrokerUnreachableException>(() => Guest(env.AmqpPort, "hub").CreateConnectionAsync(cancellationToken));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(users, Does.Not.Contain("guest"));
            Assert.That(users, Does.Contain("admin"));
            Assert.That(AmqpRefusals.Innermost<AuthenticationFailureException>(refusal!), Is.Not.Null, refusal?.ToString());
        }
    }

    [Test, CancelAfter(400_000)]
    public async Task ClusterScript_NodeItStarts_HasNoGuestUserButTheDefinedUsers(CancellationToken cancellationToken)
    {
        var port = 5701 + (ClusterInstance * 1000);
        await RunClusterAsync("start", cancellationToken);
        try
        {
            var timeout = RabbitMqEnvironment.Current.Timeout * 3;
            var guest = Assert.ThrowsAsync<BrokerUnreachableException>(() => Guest(port, "hub").CreateConnectionAsync(cancellationToken));
            var secrets = RabbitMqEnvironment.ForInstance(ClusterInstance, ClusterRunDirectory);
            var admin = new ConnectionFactory
            {
                HostName = "127.0.0.1",
                Port = port,
                VirtualHost = "hub",
                UserName = "admin",
                Password = secrets.PasswordFor("admin"),
                RequestedConnectionTimeout = timeout,
            };
            await using var connection = await admin.CreateConnectionAsync(cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(AmqpRefusals.Innermost<AuthenticationFailureException>(guest!), Is.Not.Null, guest?.ToString());
                Assert.That(connection.IsOpen, Is.True, "the node takes logins: admin, imported at boot, is in");
            }
        }
        finally
        {
            await RunClusterAsync("reset", CancellationToken.None);
        }
    }

    private static ConnectionFactory Guest(int port, string vhost) => new()
    {
        HostName = "127.0.0.1",
        Port = port,
        VirtualHost = vhost,
        UserName = "guest",
        Password = "guest",
        AutomaticRecoveryEnabled = false,
    };

    private static async Task RunClusterAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "cluster.sh"));
        start.ArgumentList.Add(command);
        start.Environment["BROKER_CLUSTER_INSTANCE"] = ClusterInstance.ToString(CultureInfo.InvariantCulture);
        start.Environment["BROKER_CLUSTER_SIZE"] = "1";
        start.Environment["BROKER_RUN_DIR"] = ClusterRunDirectory;
        start.Environment["BROKER_RMQ_TIMEOUT"] = "300";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            Assert.Fail($"deploy/cluster.sh {command} failed with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
