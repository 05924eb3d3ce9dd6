using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Cli.Registry;

/// <summary>
/// The unsigned trust registry as reviewable JSON (<c>registry build</c> writes it, <c>registry sign</c> turns it into the
/// signed CBOR registry). Keys are base64 as in the .pub files; times are RFC 3339.
/// </summary>
internal sealed record RegistryDraft
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public required long Version { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required IReadOnlyList<DraftAgency> Agencies { get; init; }
    public IReadOnlyList<DraftCountry> Countries { get; init; } = [];
    public required DraftHub Hub { get; init; }
}

internal sealed record DraftKey(string Key, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Status = "active", DateTimeOffset? RevokedAt = null);

internal sealed record DraftAgency(string Id, string Name, string Authority, string Status, IReadOnlyList<DraftKey> SigningKeys, IReadOnlyList<DraftKey> EncryptionKeys);

internal sealed record DraftCountry(string Code, string Name, IReadOnlyList<DraftKey> PolicyKeys);

internal sealed record DraftHub(string Id, IReadOnlyList<DraftKey> SigningKeys);

/// <summary>The demo directory file (deploy/demo/agencies.json).</summary>
internal sealed record AgencyDirectoryFile(IReadOnlyList<AgencyDirectoryEntry> Agencies);

internal sealed record AgencyDirectoryEntry(string Id, string Name, string Country, string CountryName, string Authority);
