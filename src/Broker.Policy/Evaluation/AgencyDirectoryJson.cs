using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Policy.Evaluation;

/// <summary>
/// Reads an agency directory file (<c>deploy/policies/agencies.sample.json</c>): the agencies tools and tests evaluate against.
/// Hosts build their directory from the trust registry instead. Unknown members, authorities or statuses are refused.
/// </summary>
public static class AgencyDirectoryJson
{
    public const int MaxDocumentBytes = 1024 * 1024;

    public static bool TryParse(string source, ReadOnlySpan<byte> document, [NotNullWhen(true)] out AgencyDirectory? directory, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        directory = null;
        if (document.Length > MaxDocumentBytes)
        {
            error = $"{source}: $: the directory is larger than {MaxDocumentBytes} bytes";
            return false;
        }

        DirectoryFileJson? file;
        try
        {
            file = JsonSerializer.Deserialize(document, DirectoryJsonContext.Default.DirectoryFileJson);
        }
        catch (JsonException e)
        {
            error = $"{source}: {e.Path ?? "$"}: not a valid agency directory ({e.Message.Split(". ")[0]})";
            return false;
        }

        var agencies = new List<DirectoryAgency>();
        for (var i = 0; i < (file?.Agencies.Count ?? 0); i++)
        {
            var entry = file!.Agencies[i];
            var path = $"{source}: $.agencies[{i}]";
            if (!AgencyId.TryParse(entry.Id, out var id))
            {
                error = $"{path}.id: '{entry.Id}' is not an agency id (CC-NAME)";
                return false;
            }

            if (!Wire.TryParse(entry.Authority, out AuthorityType authority))
            {
                error = $"{path}.authority: unknown authority type '{entry.Authority}'";
                return false;
            }

            AgencyState? state = entry.Status switch { "active" => AgencyState.Active, "suspended" => AgencyState.Suspended, "revoked" => AgencyState.Revoked, _ => null };
            if (state is null)
            {
                error = $"{path}.status: unknown status '{entry.Status}'; use active, suspended or revoked";
                return false;
            }

            if (agencies.Any(a => a.Id == id))
            {
                error = $"{path}.id: {id} is listed twice";
                return false;
            }

            agencies.Add(new DirectoryAgency(id, authority, state.Value, entry.Name));
        }

        directory = new AgencyDirectory(agencies);
        error = null;
        return true;
    }
}

internal sealed class DirectoryFileJson
{
    public bool Illustrative { get; set; }

    public string? Notes { get; set; }

    public required List<DirectoryEntryJson> Agencies { get; set; }
}

internal sealed class DirectoryEntryJson
{
    public required string Id { get; set; }

    public string? Name { get; set; }

    public required string Authority { get; set; }

    public string Status { get; set; } = "active";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DirectoryFileJson))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
