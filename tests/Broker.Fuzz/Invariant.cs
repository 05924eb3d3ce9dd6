namespace Broker.Fuzz;

/// <summary>A broken fuzz invariant: what libFuzzer reports as a crash, beside any exception the parser lets escape.</summary>
public sealed class InvariantException(string message) : Exception(message);

internal static class Invariant
{
    public static void Holds(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantException(what);
        }
    }
}
