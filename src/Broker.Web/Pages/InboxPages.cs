using System.Globalization;
using System.Security.Claims;
using System.Text;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Broker.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace Broker.Web.Pages;

/// <summary>The inbox (newest first, unread marks, filters, search), its row fragment and the Server-Sent Events stream.</summary>
internal static class InboxPages
{
    private static readonly string[] Categories = ["drug-trafficking", "precursors", "new-psychoactive-substances", "corruption", "trafficking-in-persons", "firearms-trafficking", "money-laundering", "terrorism-financing", "cybercrime"];
    private static readonly string[] Priorities = ["routine", "priority", "urgent", "immediate"];
    private static readonly string[] Tlps = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", InboxAsync);
        endpoints.MapGet("/inbox/rows", async (HttpContext context, AccountStore accounts, AlertReader reader, CancellationToken cancellationToken) =>
            CurrentOfficer.Get(context, accounts) is { } officer
                ? Results.Content(Rows(officer, accounts, await reader.DeliveredAsync(officer, cancellationToken), ReadFilter(context.Request.Query)), "text/html; charset=utf-8")
                : Results.Unauthorized());
        endpoints.MapGet("/events", EventsAsync);
    }

    internal static InboxFilter ReadFilter(IQueryCollection query) => new()
    {
        Category = query["category"].ToString(),
        Country = query["country"].ToString().ToUpperInvariant(),
        Priority = query["priority"].ToString(),
        Tlp = query["tlp"].ToString(),
        From = DateOnly.TryParse(query["from"].ToString(), CultureInfo.InvariantCulture, out var f) ? f : null,
        To = DateOnly.TryParse(query["to"].ToString(), CultureInfo.InvariantCulture, out var t) ? t : null,
        Search = query["q"].ToString().Trim(),
    };

    private static async Task<IResult> InboxAsync(HttpContext context, AccountStore accounts, AlertReader reader, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        var filter = ReadFilter(context.Request.Query);
        var body = new StringBuilder("<h1>Inbox</h1><form method=\"get\" action=\"/\" class=\"filters\">")
            .Append(Select("category", "Category", Categories, filter.Category))
            .Append("<label>Country <input name=\"country\" size=\"3\" maxlength=\"2\" value=\"").Append(Html.E(filter.Country)).Append("\"></label> ")
            .Append(Select("priority", "Priority", Priorities, filter.Priority))
            .Append(Select("tlp", "TLP", Tlps, filter.Tlp))
            .Append("<label>From <input type=\"date\" name=\"from\" value=\"").Append(Html.E(filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append("\"></label> ")
            .Append("<label>To <input type=\"date\" name=\"to\" value=\"").Append(Html.E(filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append("\"></label> ")
            .Append("<label>Search <input type=\"search\" name=\"q\" id=\"q\" value=\"").Append(Html.E(filter.Search)).Append("\"></label> ")
            .Append("<button type=\"submit\">Filter</button></form><p id=\"live\">Live: new alerts appear without reloading.</p>")
            .Append("<table id=\"inbox\"><thead><tr><th>Received</th><th>From</th><th>Category</th><th>Priority</th><th>TLP</th><th>Title</th></tr></thead><tbody id=\"inbox-rows\">")
            .Append(Rows(officer, accounts, await reader.DeliveredAsync(officer, cancellationToken), filter))
            .Append("</tbody></table>");
        return Html.Result(Html.Page("Inbox", CurrentOfficer.Label(officer), body.ToString(), CurrentOfficer.Antiforgery(context, antiforgery)));
    }

    internal static string Rows(Officer officer, AccountStore accounts, IEnumerable<InboxItem> delivered, InboxFilter filter) =>
        Rows(accounts.ReadBy(officer.UserName), delivered, filter);

    /// <summary>The inbox rows; the origin shown is the signed sender, and every value is a string read through AlertJson.</summary>
    internal static string Rows(IReadOnlySet<string> read, IEnumerable<InboxItem> delivered, InboxFilter filter)
    {
        var sb = new StringBuilder();
        foreach (var alert in delivered.Where(a => !a.IsAction && a.Kind is not ("DeliveryReceipt" or "NonDelivery") && filter.Matches(a)))
        {
            var unread = !read.Contains(alert.EnvelopeId);
            sb.Append("<tr class=\"").Append(unread ? "unread" : "read").Append("\" data-envelope=\"").Append(Html.E(alert.EnvelopeId)).Append("\"><td>")
              .Append(Html.E(alert.ReceivedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</td><td>")
              .Append(Html.E(alert.OriginAgency)).Append("</td><td>").Append(Html.E(alert.Category)).Append("</td><td>")
              .Append(Html.E(alert.Priority)).Append("</td><td>").Append(Html.E(alert.Tlp)).Append("</td><td>")
              .Append(unread ? "<span class=\"mark\">● </span>" : string.Empty)
              .Append("<a href=\"/alerts/").Append(Html.E(alert.EnvelopeId)).Append("\">").Append(Html.E(alert.Title)).Append("</a></td></tr>");
        }

        return sb.Length == 0 ? "<tr><td colspan=\"6\">No alerts.</td></tr>" : sb.ToString();
    }

    private static string Select(string name, string label, string[] values, string selected)
    {
        var sb = new StringBuilder("<label>").Append(Html.E(label)).Append(" <select name=\"").Append(name).Append("\"><option value=\"\">any</option>");
        foreach (var v in values)
        {
            sb.Append("<option").Append(v == selected ? " selected" : string.Empty).Append('>').Append(Html.E(v)).Append("</option>");
        }

        return sb.Append("</select></label> ").ToString();
    }

    // Tells the page when what this officer may see changed; the page fetches the rows itself, so no alert content travels
    // in the stream. The gateway's total count is only the cheap trigger: the event and its number are the officer's own
    // (agency and clearance), so an alert above the officer's clearance arriving is not observable here. The stream ends
    // when the session does (sign-out elsewhere, an account change).
    private static async Task EventsAsync(HttpContext context, AccountStore accounts, AlertReader reader, TimeProvider timeProvider)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer || context.User.FindFirstValue(SessionValidation.SessionClaim) is not { } session)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var cancellationToken = context.RequestAborted;
        var total = await reader.CountAsync(cancellationToken);
        var visible = await reader.VisibleAsync(officer, cancellationToken);
        await context.Response.WriteAsync(": connected\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken);
                if (!accounts.IsSessionLive(session, officer.UserName, timeProvider.GetUtcNow()) || CurrentOfficer.Get(context, accounts) is not { } current)
                {
                    return;
                }

                officer = current;
                var count = await reader.CountAsync(cancellationToken);
                if (count == total)
                {
                    continue;
                }

                total = count;
                var now = await reader.VisibleAsync(officer, cancellationToken);
                if (now != visible)
                {
                    visible = now;
                    await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"event: changed\ndata: {now.Count}\n\n"), cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away.
        }
    }
}
