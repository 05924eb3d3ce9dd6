using System.Reflection;
using Broker.Protocol;

namespace Broker.Fuzz;

/// <summary>A strict reader's shape: false with a reason, never an exception.</summary>
internal delegate bool TryRead<T>(ReadOnlyMemory<byte> bytes, out T? value, out RejectReason reason);

/// <summary>
/// The internal decoders the public entry points call only after a signature check (the registry document, a routing receipt's
/// payload) or only inside the envelope (the header). The fuzzer calls them directly so mutations reach them; STYLE.md keeps
/// InternalsVisibleTo for each project's own tests, so they are bound by name here, and a rename fails the in-suite fuzz test
/// at once with the name that moved.
/// </summary>
internal static class Internals
{
    public static TDelegate Bind<TDelegate>(Assembly assembly, string type, string method)
        where TDelegate : Delegate
    {
        var t = assembly.GetType(type, throwOnError: false)
            ?? throw new InvalidOperationException($"Fuzz harness: type {type} is gone from {assembly.GetName().Name}.");
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        var m = t.GetMethod(method, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [.. invoke.GetParameters().Select(p => p.ParameterType)])
            ?? throw new InvalidOperationException($"Fuzz harness: {type}.{method} with the expected parameters is gone.");
        return (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), m);
    }
}
