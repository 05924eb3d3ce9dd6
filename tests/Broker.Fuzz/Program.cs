using SharpFuzz;

namespace Broker.Fuzz;

/// <summary>
/// <c>Broker.Fuzz TARGET</c> runs one target under libFuzzer (deploy/fuzz.sh starts it through the libfuzzer-dotnet driver);
/// <c>Broker.Fuzz TARGET FILE...</c> runs the target once per file, outside libFuzzer, to reproduce a crash;
/// <c>Broker.Fuzz --list</c> prints the target names.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] == "--list")
        {
            Console.WriteLine(string.Join('\n', FuzzTargets.Names));
            return args.Length == 0 ? 2 : 0;
        }

        if (!FuzzTargets.TryGet(args[0], out var target))
        {
            Console.Error.WriteLine($"No fuzz target named '{args[0]}'. Targets: {string.Join(", ", FuzzTargets.Names)}");
            return 2;
        }

        if (args.Length > 1)
        {
            foreach (var file in args.Skip(1))
            {
                target.Run(File.ReadAllBytes(file));
            }

            return 0;
        }

        Fuzzer.LibFuzzer.Run(target.Run);
        return 0;
    }
}
