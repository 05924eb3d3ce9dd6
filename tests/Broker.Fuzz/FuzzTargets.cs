using System.Diagnostics.CodeAnalysis;
using Broker.Fuzz.Targets;

namespace Broker.Fuzz;

/// <summary>One fuzz target: feeds bytes to a parser and throws (a crash to libFuzzer) only when an invariant breaks.</summary>
public interface IFuzzTarget
{
    /// <summary>The name deploy/fuzz.sh and the seed corpus folder use.</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> data);
}

/// <summary>Every target, by name.</summary>
public static class FuzzTargets
{
    private static readonly Lazy<IReadOnlyDictionary<string, IFuzzTarget>> All = new(() => new IFuzzTarget[]
    {
        new EnvelopeTarget(),
        new EnvelopeHeaderTarget(),
        new EnvelopeVerifyTarget(),
        new RegistryTarget(),
        new RoutingReceiptTarget(),
        new TreeHeadTarget(),
        new ProofTarget(),
        new AuditEntryTarget(),
        new PolicyTarget(),
        new CaseAlertTarget(),
        new OpenedViewTarget(),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal));

    public static IEnumerable<string> Names => All.Value.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out IFuzzTarget? target) => All.Value.TryGetValue(name, out target);
}
