using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Microsoft.AspNetCore.Antiforgery;

namespace Broker.Web.Pages;

/// <summary>One delivered alert: TLP banner, handling in words, verification panel, every field, the thread and the action forms. Each view is logged.</summary>
internal static class DetailPage
{
    private static readonly string[] Sections = ["requestedAction", "evaluation", "notes", "entities", "origin"];

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/alerts/{envelopeId}", ShowAsync);

    private static async Task<IResult> ShowAsync(
        string envelopeId, HttpContext context, AccountStore accounts, AlertReader reader, IAntiforgery antiforgery,
        TimeProvider timeProvider, ILogger<AlertReader> logger, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        if (envelopeId.Length > 64 || await reader.FindAsync(officer, envelopeId, cancellationToken) is not { } alert)
        {
            return Html.Result(Html.Page("Not found", CurrentOfficer.Label(officer), "<h1>No such alert</h1>", CurrentOfficer.Antiforgery(context, antiforgery)), 404);
        }

        accounts.RecordRead(officer.UserName, alert.EnvelopeId, timeProvider.GetUtcNow());
        logger.AlertRead(officer.UserName, alert.EnvelopeId);
        var token = CurrentOfficer.Antiforgery(context, antiforgery);
        var body = Body(alert, await reader.ThreadAsync(officer, alert.AlertId, alert.Sender, cancellationToken), token);
        return Html.Result(Html.Page(alert.Title, CurrentOfficer.Label(officer), body, token));
    }

    /// <summary>
    /// The page body. Every value is read through <see cref="AlertJson"/> or <see cref="AlertRendering.Node"/>, which never
    /// throw on content: a member of the wrong type reads as absent, so no stored row can make the page fail.
    /// </summary>
    internal static string Body(InboxItem alert, AlertThread thread, string token)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var a = alert.Alert;
        var body = new StringBuilder()
            .Append(AlertRendering.TlpBanner(alert.Tlp))
            .Append("<h1 id=\"title\">").Append(Html.E(alert.Title)).Append("</h1>")
            .Append("<p id=\"summary\">").Append(Html.E(AlertJson.Text(a, "summary"))).Append("</p>")
            .Append("<dl><dt>From</dt><dd>").Append(Html.E(alert.OriginAgency)).Append("</dd><dt>Category</dt><dd>").Append(Html.E(alert.Category))
            .Append("</dd><dt>Priority</dt><dd>").Append(Html.E(alert.Priority)).Append("</dd><dt>Classification</dt><dd>").Append(Html.E(alert.Classification))
            .Append("</dd><dt>Created</dt><dd>").Append(Html.E(AlertJson.Text(a, "created"))).Append("</dd><dt>Expires</dt><dd>").Append(Html.E(AlertJson.Text(a, "expires")))
            .Append("</dd></dl>")
            .Append(Handling(AlertJson.Member(a, "handling")))
            .Append(Verification(alert));
        foreach (var section in Sections)
        {
            if (AlertJson.Member(a, section) is { } node)
            {
                body.Append("<section class=\"panel\"><h2>").Append(Html.E(AlertRendering.Label(section))).Append("</h2>").Append(AlertRendering.Node(node)).Append("</section>");
            }
        }

        return body.Append(Thread(thread)).Append(ActionForms(alert.EnvelopeId, token)).ToString();
    }

    private static string Handling(JsonNode? handling)
    {
        var sb = new StringBuilder("<section class=\"panel\" id=\"handling\"><h2>What you may do with it</h2><ul>");
        foreach (var c in AlertJson.Texts(handling, "codes"))
        {
            sb.Append("<li><b>").Append(Html.E(c)).Append("</b>: ").Append(Html.E(AlertRendering.HandlingWords(c))).Append("</li>");
        }

        if (AlertJson.Member(handling, "restrictions") is { } r)
        {
            sb.Append("<li>Restrictions: ").Append(AlertRendering.Node(r)).Append("</li>");
        }

        return sb.Append("</ul></section>").ToString();
    }

    private static string Verification(InboxItem alert)
    {
        var b = alert.Broker;
        var verified = AlertJson.OptionalText(AlertJson.Member(b, "verification"), "result") == "verified";
        var withheld = AlertJson.Texts(b, "withheldDataClasses");
        return new StringBuilder("<section class=\"panel\" id=\"verification\"><h2>Verification</h2><dl>")
            .Append("<dt>Signed by</dt><dd>").Append(Html.E(AlertJson.Text(b, "sender"))).Append(", key ").Append(Html.E(AlertJson.Text(b, "senderKeyId"))).Append("</dd>")
            .Append("<dt>Signatures</dt><dd class=\"").Append(verified ? "ok\">Ed25519 (classical) valid; ML-DSA-65 (post-quantum) valid" : "bad\">NOT verified").Append("</dd>")
            .Append("<dt>Delivered by</dt><dd>the hub, envelope ").Append(Html.E(alert.EnvelopeId)).Append(", received ").Append(Html.E(AlertRendering.When(alert.ReceivedAt))).Append("</dd>")
            .Append("<dt>Withheld by policy</dt><dd id=\"withheld\">").Append(withheld.Count == 0 ? "nothing" : Html.E(string.Join(", ", withheld))).Append("</dd>")
            .Append("</dl></section>").ToString();
    }

    /// <summary>The thread: who is the signed sender of each received message (the gateway threaded it only where that sender was party to the alert).</summary>
    internal static string Thread(AlertThread thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var items = thread.Received.Select(r => (At: r.ReceivedAt, Who: r.Sender, Kind: r.ActionKind ?? "reply", Text: AlertJson.OptionalText(r.Alert["action"], "text") ?? r.Title))
            .Concat(thread.Sent.Select(s => (At: s.ReceivedAt, Who: "us (" + (AlertJson.OptionalText(s.Alert["action"], "officer") ?? "?") + ")", Kind: s.ActionKind ?? "reply", Text: AlertJson.OptionalText(s.Alert["action"], "text") ?? s.Title)))
            .OrderBy(i => i.At)
            .ToList();
        var sb = new StringBuilder("<section class=\"panel\" id=\"thread\"><h2>Thread</h2>");
        if (items.Count == 0)
        {
            return sb.Append("<p>No actions yet.</p></section>").ToString();
        }

        sb.Append("<ol>");
        foreach (var i in items)
        {
            sb.Append("<li class=\"action\">").Append(Html.E(AlertRendering.When(i.At))).Append(" · ").Append(Html.E(i.Who)).Append(" · <b>").Append(Html.E(i.Kind)).Append("</b> · ").Append(Html.E(i.Text)).Append("</li>");
        }

        return sb.Append("</ol></section>").ToString();
    }

    private static string ActionForms(string envelopeId, string token)
    {
        var e = Html.E(envelopeId);
        return $"""
            <section class="panel" id="actions"><h2>Act on it</h2>
            <form method="post" action="/alerts/{e}/action">{token}<input type="hidden" name="kind" value="acknowledge"><button type="submit" id="acknowledge">Acknowledge</button></form>
            <form method="post" action="/alerts/{e}/action">{token}<input type="hidden" name="kind" value="request-evidence-use"><button type="submit" id="request-evidence">Request permission to use as evidence</button></form>
            <form method="post" action="/alerts/{e}/action">{token}<input type="hidden" name="kind" value="request-onward-sharing"><button type="submit" id="request-onward">Request permission to pass on</button></form>
            <form method="post" action="/alerts/{e}/action">{token}<input type="hidden" name="kind" value="reply"><p><label>Reply <textarea name="text" maxlength="4000" required></textarea></label></p><button type="submit" id="reply">Send reply</button></form>
            </section>
            """;
    }
}
