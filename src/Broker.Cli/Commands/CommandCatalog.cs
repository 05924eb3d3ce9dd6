using System.CommandLine;

namespace Broker.Cli.Commands;

/// <summary>Every top-level command group of <c>broker</c>; each group lives in its own file and adds one line here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return TotpCommand.Create();
        yield return AuditCommand.Create();
        yield return PolicyCommand.Create();
        yield return KeysCommand.Create();
        yield return RegistryCommand.Create();
        yield return SendCommand.Create();
        yield return TailCommand.Create();
    }
}
