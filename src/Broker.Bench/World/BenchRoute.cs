namespace Broker.Bench.World;

/// <summary>The route the hub and end-to-end benchmarks measure: Thailand's ONCB to three agencies, so every alert makes three copies.</summary>
internal static class BenchRoute
{
    public const string Sender = "TH-ONCB";

    public static IReadOnlyList<string> Recipients { get; } = ["RU-MVD", "MY-PDRM", "SG-CNB"];

    public static IEnumerable<string> Agencies => Recipients.Prepend(Sender);

    /// <summary>The route's agencies with open signed policies for their countries, in force since yesterday.</summary>
    public static BenchWorld CreateWorld(DateTimeOffset now) => BenchWorld.Create(Agencies, now, new BenchPolicies(Agencies, now.AddDays(-1)));
}
