using System.Text.Json;
using Broker.Cli.Policy;

namespace Broker.Cli.Registry;

/// <summary>Assembles a <see cref="RegistryDraft"/> from an agency directory and the public key files in one folder.</summary>
internal static class RegistryBuilder
{
    public static RegistryDraft Build(string agenciesPath, string keysFolder, string hubKeyPath, DateTimeOffset now, TimeSpan validity, long? version)
    {
        var directory = ReadDirectory(agenciesPath);
        // A day of slack before now so hosts with a slightly late clock accept the keys at once.
        var notBefore = now.AddDays(-1);
        var notAfter = now + validity;
        DraftKey Key(string path) => new(File.ReadAllText(Exists(path)).Trim(), notBefore, notAfter);

        var agencies = directory.Agencies
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new DraftAgency(a.Id, a.Name, a.Authority, "active",
                [Key(Path.Combine(keysFolder, $"{a.Id}.signing.pub"))],
                [Key(Path.Combine(keysFolder, $"{a.Id}.encryption.pub"))]))
            .ToArray();
        // A country appears when its policy key exists: its policies cannot be verified otherwise.
        var countries = directory.Agencies
            .GroupBy(a => a.Country, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Where(g => File.Exists(Path.Combine(keysFolder, $"{g.Key}.policy.pub")))
            .Select(g => new DraftCountry(g.Key, g.First().CountryName, [Key(Path.Combine(keysFolder, $"{g.Key}.policy.pub"))]))
            .ToArray();
        return new RegistryDraft
        {
            Version = version ?? now.ToUnixTimeSeconds(),
            IssuedAt = now,
            Agencies = agencies,
            Countries = countries,
            Hub = new DraftHub("hub", [Key(hubKeyPath)]),
        };
    }

    private static AgencyDirectoryFile ReadDirectory(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<AgencyDirectoryFile>(File.ReadAllBytes(Exists(path)), RegistryDraft.Json)
                ?? throw new CliException($"{path}: empty agency directory");
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not an agency directory ({e.Path}: {e.Message})");
        }
    }

    private static string Exists(string path) => File.Exists(path) ? path : throw new CliException($"{path}: file not found");
}
