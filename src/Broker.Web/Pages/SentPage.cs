using System.Text;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Microsoft.AspNetCore.Antiforgery;

namespace Broker.Web.Pages;

/// <summary>Alerts this agency sent: state, routing receipts (delivered to whom, withheld from whom and why) and the thread of actions.</summary>
internal static class SentPage
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/sent", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, AccountStore accounts, AlertReader reader, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        var token = CurrentOfficer.Antiforgery(context, antiforgery);
        var body = new StringBuilder("<h1>Sent</h1>");
        foreach (var s in (await reader.SentAsync(officer, cancellationToken)).Where(s => s.ActionKind is null))
        {
            body.Append(Section(s, await reader.ThreadAsync(officer, s.AlertId.ToString("D"), null, cancellationToken), officer.Role, token));
        }

        return Html.Result(Html.Page("Sent", CurrentOfficer.Label(officer), body.ToString(), token));
    }

    /// <summary>One sent alert with its receipts and thread; receipts and thread are read through AlertJson, which never throws on content.</summary>
    internal static string Section(SentItem s, AlertThread thread, OfficerRole role, string token)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(thread);
        var id = s.AlertId.ToString("D");
        var body = new StringBuilder("<section class=\"panel sent\" data-alert=\"").Append(Html.E(id)).Append("\"><h2>").Append(Html.E(s.Title)).Append("</h2><p>")
            .Append(Html.E(AlertRendering.When(s.ReceivedAt))).Append(" · state ").Append(Html.E(s.State)).Append(" · envelope ").Append(Html.E(s.EnvelopeId ?? "not yet sealed")).Append("</p><ul class=\"receipts\">");
        foreach (var r in s.Receipts)
        {
            body.Append("<li>Routing receipt: ").Append(Html.E(AlertJson.Text(r, "outcome"))).Append("; delivered to ")
                .Append(Html.E(string.Join(", ", AlertJson.Texts(r, "deliveredTo"))));
            foreach (var w in AlertJson.Objects(r, "withheld"))
            {
                body.Append("; withheld from ").Append(Html.E(AlertJson.Text(w, "agency"))).Append(" (").Append(Html.E(AlertJson.Text(w, "code"))).Append(": ").Append(Html.E(AlertJson.Text(w, "reason"))).Append(')');
            }

            body.Append("</li>");
        }

        foreach (var d in s.DeliveryReceipts)
        {
            body.Append("<li class=\"").Append(d.Delivered ? "delivered" : "not-delivered").Append("\">Delivery receipt from ").Append(Html.E(d.Recipient)).Append(", ")
                .Append(Html.E(AlertRendering.When(d.ReceivedAt))).Append(": ")
                .Append(d.Delivered ? "delivered" : "<b>NOT delivered</b> (" + Html.E(d.Reason ?? "no reason given") + ")").Append("</li>");
        }

        body.Append("</ul>").Append(DetailPage.Thread(thread));
        foreach (var req in thread.Received.Where(r => role != OfficerRole.Officer && r.ActionKind is "request-evidence-use" or "request-onward-sharing"))
        {
            body.Append("<p>").Append(Html.E(req.Sender)).Append(" asks: ").Append(Html.E(req.ActionKind)).Append(' ');
            foreach (var decision in new[] { "grant", "refuse" })
            {
                body.Append("<form class=\"inline\" method=\"post\" action=\"/sent/").Append(Html.E(id)).Append("/decision\">").Append(token)
                    .Append("<input type=\"hidden\" name=\"kind\" value=\"").Append(decision).Append("\"><input type=\"hidden\" name=\"request\" value=\"").Append(Html.E(req.AlertId))
                    .Append("\"><button type=\"submit\">").Append(decision == "grant" ? "Grant" : "Refuse").Append("</button></form> ");
            }

            body.Append("</p>");
        }

        return body.Append("</section>").ToString();
    }
}
