using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cli.Policy;

namespace Broker.Cli.Agency;

/// <summary>A plain case alert read from a file; optionally re-issued with a fresh id and creation time so a sample can be sent again.</summary>
internal sealed record AlertFile(string Id, string Origin, byte[] Body)
{
    public static AlertFile Read(string path, bool fresh, TimeProvider time)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: file not found");
        }

        JsonObject alert;
        try
        {
            alert = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new CliException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not JSON ({e.Message})");
        }

        if (fresh)
        {
            // The gateway treats a repeated id as a duplicate, and the hub refuses stale alerts.
            var now = time.GetUtcNow();
            alert["id"] = Guid.CreateVersion7(now).ToString();
            alert["created"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            alert["expires"] = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        var id = alert["id"]?.GetValue<string>() ?? throw new CliException($"{path}: the alert has no id");
        var origin = alert["origin"]?["agency"]?.GetValue<string>() ?? throw new CliException($"{path}: the alert has no origin.agency");
        return new AlertFile(id, origin, JsonSerializer.SerializeToUtf8Bytes(alert));
    }
}
