using System.Globalization;
using System.Text;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Microsoft.AspNetCore.Antiforgery;

namespace Broker.Web.Pages;

/// <summary>Counts of alerts received and sent by day, category and origin country, drawn as server-side SVG bar charts (no script).</summary>
internal static class DashboardPage
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/dashboard", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, AccountStore accounts, AlertReader reader, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        var body = Body(await reader.DeliveredAsync(officer, cancellationToken), await reader.SentAsync(officer, cancellationToken));
        return Html.Result(Html.Page("Dashboard", CurrentOfficer.Label(officer), body, CurrentOfficer.Antiforgery(context, antiforgery)));
    }

    /// <summary>The charts; every grouping key is a string read through AlertJson, so no stored row can make the page fail.</summary>
    internal static string Body(IEnumerable<InboxItem> delivered, IEnumerable<SentItem> sentItems)
    {
        var received = delivered.Where(a => !a.IsAction).ToList();
        var sent = sentItems.Where(s => s.ActionKind is null).ToList();
        return new StringBuilder("<h1>Dashboard</h1>")
            .Append(Chart("Received by day", received.GroupBy(a => a.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))))
            .Append(Chart("Sent by day", sent.GroupBy(s => s.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))))
            .Append(Chart("Received by category", received.GroupBy(a => a.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))))
            .Append(Chart("Received by origin country", received.GroupBy(a => a.OriginCountry).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))))
            .ToString();
    }

    internal static string Chart(string title, IEnumerable<(string Label, int Count)> bars)
    {
        var data = bars.ToList();
        const int Row = 22;
        const int LabelWidth = 200;
        const int BarWidth = 360;
        var max = Math.Max(1, data.Count == 0 ? 1 : data.Max(d => d.Count));
        var height = Math.Max(1, data.Count) * Row + 10;
        var sb = new StringBuilder("<section class=\"panel\"><h2>").Append(Html.E(title)).Append("</h2>")
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 60}\" height=\"{height}\" role=\"img\" aria-label=\"{Html.E(title)}\">");
        if (data.Count == 0)
        {
            sb.Append("<text x=\"4\" y=\"16\">no data</text>");
        }

        for (var i = 0; i < data.Count; i++)
        {
            var (label, count) = data[i];
            var y = i * Row + 4;
            var w = Math.Max(1, count * BarWidth / max);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 14}\">{Html.E(label)}</text>")
              .Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{Row - 6}\" fill=\"#2b6cb0\"></rect>")
              .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 6}\" y=\"{y + 14}\">{count}</text>");
        }

        return sb.Append("</svg></section>").ToString();
    }
}
