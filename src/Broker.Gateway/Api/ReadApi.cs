using Broker.Gateway.Storage;
using Broker.Protocol.Envelopes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Broker.Gateway.Api;

/// <summary>
/// Read-only API for the thin client over the gateway's store: delivered alerts, one alert's stored message, sent alerts.
/// It serves plaintext, so it is off unless <c>Gateway:ReadApiEnabled</c> is set, and belongs behind the agency's own
/// authentication in front of a loopback listener.
/// </summary>
internal static class ReadApi
{
    private const int ListLimit = 200;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/alerts", ListAlertsAsync);
        api.MapGet("/alerts/{envelopeId}", GetAlertAsync);
        api.MapGet("/sent", ListSentAsync);
    }

    public static async Task<Ok<IReadOnlyList<InboxSummary>>> ListAlertsAsync(GatewayStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListInboxAsync(ListLimit, cancellationToken).ConfigureAwait(false));

    public static async Task<Results<FileContentHttpResult, NotFound, BadRequest<ProblemDetails>>> GetAlertAsync(
        string envelopeId, GatewayStore store, CancellationToken cancellationToken)
    {
        if (!EnvelopeId.TryParse(envelopeId, out _))
        {
            return TypedResults.BadRequest(new ProblemDetails
            {
                Title = "Not an envelope id",
                Detail = "An envelope id is 32 lower-case hex digits.",
                Extensions = { ["code"] = "invalid-envelope-id" },
            });
        }

        var message = await store.FindInboxMessageAsync(envelopeId, cancellationToken).ConfigureAwait(false);
        return message is null ? TypedResults.NotFound() : TypedResults.File(message, "application/json");
    }

    public static async Task<Ok<IReadOnlyList<OutboxSummary>>> ListSentAsync(GatewayStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListOutboxAsync(ListLimit, cancellationToken).ConfigureAwait(false));
}
