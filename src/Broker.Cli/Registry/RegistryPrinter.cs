using System.Globalization;
using Broker.Protocol.Registry;

namespace Broker.Cli.Registry;

/// <summary>Prints a verified registry: one line per agency, country and hub key (ids and windows only).</summary>
internal static class RegistryPrinter
{
    public static void Print(TrustRegistry registry, TextWriter output)
    {
        output.WriteLine($"registry v{registry.Version}, issued {Time(registry.IssuedAt)}: signature verified");
        output.WriteLine("agencies:");
        foreach (var a in registry.Agencies)
        {
            var signing = string.Join(", ", a.SigningKeys.Select(k => $"{k.Key.Id} ({k.Status})"));
            var encryption = string.Join(", ", a.EncryptionKeys.Select(k => $"{k.Key.Id} ({k.Status})"));
            output.WriteLine($"  {a.Id,-9} {a.Authority,-12} {a.Status,-9} {a.Name}");
            output.WriteLine($"            signing {signing}; encryption {encryption}");
        }

        output.WriteLine("countries (policy keys):");
        foreach (var c in registry.Countries)
        {
            output.WriteLine($"  {c.Country} {c.Name}: {string.Join(", ", c.PolicyKeys.Select(k => $"{k.Key.Id} until {Time(k.NotAfter)}"))}");
        }

        output.WriteLine($"hub {registry.Hub.Id}: {string.Join(", ", registry.Hub.SigningKeys.Select(k => $"{k.Key.Id} ({k.Status})"))}");
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
