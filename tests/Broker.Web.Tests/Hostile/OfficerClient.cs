using System.Net;
using System.Text.RegularExpressions;
using Broker.Web.Accounts;

namespace Broker.Web.Tests.Hostile;

/// <summary>
/// A browser-like HTTP client against the real host: keeps its own cookies (so a test can copy one), reads the
/// anti-forgery field from a page, follows no redirects.
/// </summary>
internal sealed partial class OfficerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Lock _cookies = new();

    public OfficerClient(string url) =>
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>The hidden anti-forgery field (name, value) of the page at <paramref name="path"/>; also stores its cookie.</summary>
    public async Task<KeyValuePair<string, string>> TokenAsync(string path = "/signin", CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(path, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var match = HiddenField().Match(html);
        return match.Success
            ? new(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value))
            : throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} without an anti-forgery field.");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>Signs in through the form (token first); returns the response (302 to / on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string password, string code, CancellationToken cancellationToken = default)
    {
        var token = await TokenAsync("/signin", cancellationToken);
        return await PostFormAsync("/signin", [token, new("user", user), new("password", password), new("code", code)], cancellationToken);
    }

    public static string Code(string secret) => TotpCodes.Compute(secret, DateTimeOffset.UtcNow);

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_cookies)
        {
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            lock (_cookies)
            {
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';', 2)[0].Split('=', 2);
                    if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        Cookies.Remove(pair[0]);
                    }
                    else
                    {
                        Cookies[pair[0]] = pair[1];
                    }
                }
            }
        }

        return response;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
