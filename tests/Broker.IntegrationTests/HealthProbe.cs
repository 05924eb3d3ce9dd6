using System.Net;
using System.Text.Json;
using Broker.Testing;

namespace Broker.IntegrationTests;

/// <summary>Reads the JSON of Broker.Hosting's health endpoints.</summary>
internal static class HealthProbe
{
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public static async Task<string> WaitForStatusAsync(HttpClient client, string path, HttpStatusCode status, TimeSpan timeout, CancellationToken cancellationToken) =>
        await WaitForAsync(client, path, r => r.Status == status, timeout, cancellationToken);

    public static async Task<string> WaitForAsync(
        HttpClient client, string path, Func<(HttpStatusCode Status, string Body), bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var last = (Status: default(HttpStatusCode), Body: "");
        await Eventually.WaitForAsync(
            async ct =>
            {
                last = await GetAsync(client, path, ct);
                return condition(last);
            },
            timeout, $"{path} to answer as expected", cancellationToken);
        return last.Body;
    }

    /// <summary>Check name to status.</summary>
    public static Dictionary<string, string> Checks(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
    }

    public static string Description(string body, string check)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == check).GetProperty("description").GetString()!;
    }
}
