using Broker.Bench.World;

namespace Broker.Bench.Hub;

/// <summary>One <c>broker-bench hub</c> run: a world written to a scratch directory as the hub's trust files, then every size in turn.</summary>
internal static class BenchHubRunner
{
    public static async Task<IReadOnlyList<SizeResult>> RunAsync(NodeSettings settings, BenchParameters parameters, int[] sizes, TextWriter output, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bench-hub-").FullName;
        try
        {
            var now = TimeProvider.System.GetUtcNow();
            using var world = BenchRoute.CreateWorld(now);
            var files = world.WriteTrustFiles(directory);
            await using var counter = await DeliveryCounter.StartAsync(settings, cancellationToken);
            await using var publisher = await IngressPublisher.StartAsync(settings, cancellationToken);
            var results = new List<SizeResult>();
            foreach (var size in sizes)
            {
                results.Add(await new BenchRun(settings, world, files, parameters, output).RunAsync(size, counter, publisher, cancellationToken));
            }

            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
