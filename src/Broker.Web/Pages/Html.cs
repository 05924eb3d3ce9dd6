using System.Text;
using System.Text.Encodings.Web;

namespace Broker.Web.Pages;

/// <summary>
/// Tiny HTML writer: every dynamic value goes through <see cref="E"/> (HTML-encoded), so alert content written by other
/// agencies is always text. Pages link one stylesheet and one script file; nothing inline (the CSP forbids it).
/// </summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static string Page(string title, string? officer, string body, string? antiforgery = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
          .Append("<title>").Append(E(title)).Append(" · Case Alert Broker</title>")
          .Append("<link rel=\"stylesheet\" href=\"/static/app.css\"><script src=\"/static/app.js\" defer></script></head><body>");
        if (officer is not null)
        {
            sb.Append("<header><nav><a href=\"/\">Inbox</a> <a href=\"/sent\">Sent</a> <a href=\"/dashboard\">Dashboard</a></nav>")
              .Append("<span class=\"who\">").Append(E(officer)).Append("</span>")
              .Append("<form method=\"post\" action=\"/signout\" class=\"inline\">").Append(antiforgery).Append("<button type=\"submit\">Sign out</button></form></header>");
        }

        sb.Append("<main>").Append(body).Append("</main></body></html>");
        return sb.ToString();
    }

    public static IResult Result(string html, int status = 200) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
