using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Broker.Testing.RabbitMq;

/// <summary>The node's management HTTP API as the operator user <c>admin</c>: inspect, purge, clone and delete.</summary>
public sealed class RabbitMqManagement : IDisposable
{
    private readonly HttpClient _http;

    public RabbitMqManagement(RabbitMqEnvironment? environment = null)
    {
        var env = environment ?? RabbitMqEnvironment.Current;
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{env.ManagementPort}/api/"),
            Timeout = env.Timeout,
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{env.PasswordFor("admin")}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
    }

    public static string Segment(string name) => Uri.EscapeDataString(name);

    /// <summary>GET a JSON document; null when the object does not exist.</summary>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, "GET", path, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
    }

    public async Task PutAsync(string path, JsonNode body, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsJsonAsync(path, body, cancellationToken);
        await EnsureAsync(response, "PUT", path, cancellationToken);
    }

    public async Task PostAsync(string path, JsonNode body, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureAsync(response, "POST", path, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, "DELETE", path, cancellationToken);
        }
    }

    /// <summary>Messages in a queue (ready + unacknowledged) as the management statistics last saw them.</summary>
    public async Task<long> MessageCountAsync(string virtualHost, string queue, CancellationToken cancellationToken = default)
    {
        var node = await GetAsync($"queues/{Segment(virtualHost)}/{Segment(queue)}", cancellationToken)
            ?? throw new InvalidOperationException($"Queue {queue} does not exist in vhost {virtualHost}.");
        return node["messages"]?.GetValue<long>() ?? 0;
    }

    public Task PurgeAsync(string virtualHost, string queue, CancellationToken cancellationToken = default) =>
        DeleteAsync($"queues/{Segment(virtualHost)}/{Segment(queue)}/contents", cancellationToken);

    /// <summary>
    /// Creates <paramref name="target"/> as an exact copy of <paramref name="source"/>: exchanges, queues,
    /// bindings, policies, and every user's permissions and topic permissions there.
    /// </summary>
    public async Task CloneVirtualHostAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var definitions = await GetAsync($"definitions/{Segment(source)}", cancellationToken)
            ?? throw new InvalidOperationException($"Vhost {source} does not exist; {RabbitMqEnvironment.StartHint}.");
        await PutAsync($"vhosts/{Segment(target)}", new JsonObject { ["description"] = $"test copy of {source}" }, cancellationToken);
        await PostAsync($"definitions/{Segment(target)}", definitions, cancellationToken);

        foreach (var permission in await ListAsync($"vhosts/{Segment(source)}/permissions", cancellationToken))
        {
            var body = new JsonObject
            {
                ["configure"] = permission["configure"]!.GetValue<string>(),
                ["write"] = permission["write"]!.GetValue<string>(),
                ["read"] = permission["read"]!.GetValue<string>(),
            };
            await PutAsync($"permissions/{Segment(target)}/{Segment(permission["user"]!.GetValue<string>())}", body, cancellationToken);
        }

        foreach (var permission in await ListAsync($"vhosts/{Segment(source)}/topic-permissions", cancellationToken))
        {
            var body = new JsonObject
            {
                ["exchange"] = permission["exchange"]!.GetValue<string>(),
                ["write"] = permission["write"]!.GetValue<string>(),
                ["read"] = permission["read"]!.GetValue<string>(),
            };
            await PutAsync($"topic-permissions/{Segment(target)}/{Segment(permission["user"]!.GetValue<string>())}", body, cancellationToken);
        }
    }

    public Task DeleteVirtualHostAsync(string virtualHost, CancellationToken cancellationToken = default) =>
        DeleteAsync($"vhosts/{Segment(virtualHost)}", cancellationToken);

    public async Task<IReadOnlyList<JsonNode>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var node = await GetAsync(path, cancellationToken);
        return node is JsonArray array ? [.. array.OfType<JsonNode>()] : [];
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Management API {method} {path} answered {(int)response.StatusCode}: {body}");
        }
    }
}
