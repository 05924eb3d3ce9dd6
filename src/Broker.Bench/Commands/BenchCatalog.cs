using System.CommandLine;

namespace Broker.Bench.Commands;

/// <summary>Every benchmark of <c>broker-bench</c>; each lives in its own file and adds one line here.</summary>
internal static class BenchCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ProtocolCommand.Create();
        yield return HubCommand.Create();
        yield return PolicyCommand.Create();
        yield return AuditCommand.Create();
        yield return E2eCommand.Create();
        yield return FairnessCommand.Create();
    }
}
