namespace Broker.Testing;

/// <summary>
/// The NUnit categories that keep a test out of the unit lane (<c>deploy/test.sh --unit</c>): mark a fixture or test with
/// <c>[Category(TestLanes.RabbitMq)]</c> and the like when it needs what the lane does not start. A test with none of them must
/// pass with the .NET SDK alone. The names are part of test.sh's filter; keep the two in step.
/// </summary>
public static class TestLanes
{
    /// <summary>Needs the private RabbitMQ node (deploy/rabbitmq.sh). The name predates the lanes.</summary>
    public const string RabbitMq = "Integration";

    /// <summary>Drives Chromium through Playwright.</summary>
    public const string Browser = "Browser";

    /// <summary>Needs the private PostgreSQL cluster (deploy/postgres.sh).</summary>
    public const string PostgreSql = "PostgreSQL";

    /// <summary>Runs deploy/demo.sh (as root, with its own RabbitMQ node).</summary>
    public const string EndToEnd = "EndToEnd";
}
