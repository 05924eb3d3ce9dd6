namespace Broker.Bench.Hub;

internal static class BenchHubRunner
{
    public static async Task<IReadOnlyList<SizeResult>> RunAsync(BenchSettings settings, BenchParameters parameters, int[] sizes, TextWriter output, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bench-hub-").FullName;
        try
        {
            using var world = new BenchWorld(TimeProvider.System);
            world.WriteTrustFiles(directory);
            await using var counter = await DeliveryCounter.StartAsync(settings, cancellationToken);
            await using var publisher = await IngressPublisher.StartAsync(settings, cancellationToken);
            var results = new List<SizeResult>();
            foreach (var size in sizes)
            {
                results.Add(await new BenchRun(settings, world, directory, parameters, output).RunAsync(size, counter, publisher, cancellationToken));
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
