using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Microsoft.AspNetCore.Mvc;

namespace Broker.Web.Pages;

/// <summary>
/// Form posts that send actions. On a delivered alert: acknowledge, reply, request evidence use or onward sharing. On an
/// alert this agency sent: grant or refuse a request received about it (supervisors and administrators). Anti-forgery is validated for every form post.
/// </summary>
internal static class ActionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/alerts/{envelopeId}/action", OnReceivedAsync);
        endpoints.MapPost("/sent/{alertId:guid}/decision", OnSentAsync);
    }

    private static async Task<IResult> OnReceivedAsync(
        string envelopeId, HttpContext context, AccountStore accounts, AlertReader reader, ActionPublisher publisher, TimeProvider timeProvider,
        ILogger<ActionPublisher> logger, [FromForm] string kind, [FromForm] string? text, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        if (kind is not ("acknowledge" or "reply" or "request-evidence-use" or "request-onward-sharing") || (kind == "reply" && string.IsNullOrWhiteSpace(text)))
        {
            return Results.BadRequest();
        }

        if (await reader.FindAsync(officer, envelopeId, cancellationToken) is not { } alert)
        {
            return Results.NotFound();
        }

        var id = Guid.NewGuid();
        var action = ActionPublisher.Compose(alert.Alert, alert.OriginAgency, officer, kind, text, null, id, timeProvider.GetUtcNow());
        await publisher.PublishAsync(action, id, cancellationToken);
        logger.ActionSent(officer.UserName, kind, id, alert.AlertId);
        return Results.Redirect($"/alerts/{Uri.EscapeDataString(envelopeId)}?sent={Uri.EscapeDataString(kind)}");
    }

    private static async Task<IResult> OnSentAsync(
        Guid alertId, HttpContext context, AccountStore accounts, AlertReader reader, ActionPublisher publisher, TimeProvider timeProvider,
        ILogger<ActionPublisher> logger, [FromForm] string kind, [FromForm] string request, [FromForm] string? text, CancellationToken cancellationToken)
    {
        if (CurrentOfficer.Get(context, accounts) is not { } officer)
        {
            return Results.Redirect("/signin");
        }

        // Granting evidence use or onward sharing binds the agency: supervisors and administrators only.
        if (officer.Role == OfficerRole.Officer)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (kind is not ("grant" or "refuse") || !Guid.TryParse(request, out var requestId))
        {
            return Results.BadRequest();
        }

        var sent = await reader.FindSentAsync(officer, alertId, cancellationToken);
        var asked = sent is null ? null : (await reader.ThreadAsync(officer, alertId.ToString("D"), null, cancellationToken)).Received.FirstOrDefault(r => r.AlertId == requestId.ToString("D"));
        if (sent is null || asked is null)
        {
            return Results.NotFound();
        }

        var id = Guid.NewGuid();
        var action = ActionPublisher.Compose(sent.Alert, asked.OriginAgency, officer, kind, text, requestId, id, timeProvider.GetUtcNow());
        await publisher.PublishAsync(action, id, cancellationToken);
        logger.ActionSent(officer.UserName, kind, id, request);
        return Results.Redirect("/sent");
    }
}
