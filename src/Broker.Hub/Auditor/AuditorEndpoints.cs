using Broker.Audit.Query;
using Broker.Hub.Audit;
using Broker.Protocol.Transparency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Hub.Auditor;

/// <summary>
/// Read-only auditor endpoints under <c>/audit/v1</c>. Every request needs a bearer token of a configured auditor account
/// (401 otherwise). The API vouches for nothing: auditors check what it returns against signed tree heads.
/// </summary>
public static class AuditorEndpoints
{
    public static IEndpointRouteBuilder MapAuditorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<AuditQueryService>() is null
            || !endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditorApiOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup("/audit/v1").AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            var auth = http.RequestServices.GetRequiredService<AuditorAuthentication>();
            if (auth.Authenticate(http.Request.Headers.Authorization.ToString(), out var reason) is null)
            {
                var path = http.Request.Path.ToString();
                http.RequestServices.GetRequiredService<ILogger<AuditorAuthentication>>().AuditorRequestRefused(path, reason);
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"broker-audit\"";
                return TypedResults.Unauthorized();
            }

            return await next(context).ConfigureAwait(false);
        });

        group.MapGet("/tree-head", GetTreeHeadAsync);
        group.MapGet("/consistency", async Task<Results<Ok<ProofResponse>, BadRequest<string>>> (long first, long second, AuditQueryService query, CancellationToken ct) =>
            await query.GetConsistencyProofAsync(first, second, ct).ConfigureAwait(false) is { } proof
                ? TypedResults.Ok(new ProofResponse(proof.First, proof.Second, null, proof.Path.Select(Convert.ToHexStringLower).ToList()))
                : TypedResults.BadRequest("sizes out of range"));
        group.MapGet("/inclusion", async Task<Results<Ok<ProofResponse>, NotFound, BadRequest<string>>> (string leafHash, long treeSize, AuditQueryService query, CancellationToken ct) =>
        {
            if (leafHash.Length != 64 || !IsHex(leafHash))
            {
                return TypedResults.BadRequest("leafHash must be 64 hex characters");
            }

            return await query.GetInclusionProofAsync(Convert.FromHexString(leafHash), treeSize, ct).ConfigureAwait(false) is { } proof
                ? TypedResults.Ok(new ProofResponse(proof.Index, proof.TreeSize, Convert.ToHexStringLower(proof.LeafHash), proof.Path.Select(Convert.ToHexStringLower).ToList()))
                : TypedResults.NotFound();
        });
        group.MapGet("/entries", async Task<Results<Ok<List<EntryResponse>>, BadRequest<string>>> (long start, int count, AuditQueryService query, CancellationToken ct) =>
            start < 0 || count is < 1 or > AuditQueryService.MaxEntriesPerPage
                ? TypedResults.BadRequest($"start must be >= 0 and count 1..{AuditQueryService.MaxEntriesPerPage}")
                : TypedResults.Ok((await query.GetEntriesAsync(start, count, ct).ConfigureAwait(false))
                    .Select(e => new EntryResponse(e.Index, Convert.ToBase64String(e.Entry), Convert.ToHexStringLower(e.LeafHash))).ToList()));
        // ?sha256= names the body by the hash its EnvelopeReceived entry records; without it, an id several bodies claimed (the routed
        // one and bodies that failed verification) answers 409 with their hashes instead of either body (audit-log.md §6).
        group.MapGet("/envelopes/{id}", async Task<Results<FileContentHttpResult, NotFound, BadRequest<string>, Conflict<IReadOnlyList<string>>>> (string id, string? sha256, AuditQueryService query, CancellationToken ct) =>
        {
            if (id.Length != 32 || !IsHex(id))
            {
                return TypedResults.BadRequest("id must be 32 hex characters");
            }

            if (sha256 is not null && (sha256.Length != 64 || !IsHex(sha256)))
            {
                return TypedResults.BadRequest("sha256 must be 64 hex characters");
            }

            var found = await query.GetArchivedEnvelopeAsync(id.ToLowerInvariant(), sha256 is null ? null : Convert.FromHexString(sha256), ct).ConfigureAwait(false);
            if (found.Ambiguous)
            {
                return TypedResults.Conflict<IReadOnlyList<string>>(found.Hashes.Select(Convert.ToHexStringLower).ToList());
            }

            return found.Bytes is { } bytes
                ? TypedResults.File(bytes, "application/vnd.broker.envelope+cbor")
                : TypedResults.NotFound();
        });
        return endpoints;
    }

    /// <summary>The latest stored head; <c>?fresh=true</c> signs a new one first when this instance runs the sequencer.</summary>
    private static async Task<Results<Ok<TreeHeadResponse>, NotFound>> GetTreeHeadAsync(bool? fresh, AuditQueryService query, AuditLog log, CancellationToken ct)
    {
        SignedTreeHead? head = null;
        if (fresh == true && log.Sequencer.IsCompletedSuccessfully)
        {
            head = await (await log.Sequencer.ConfigureAwait(false)).PublishTreeHeadAsync(ct).ConfigureAwait(false);
        }

        head ??= await query.GetLatestTreeHeadAsync(ct).ConfigureAwait(false);
        return head is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new TreeHeadResponse(head.LogId, head.TreeSize, head.Timestamp, head.RootHex, Convert.ToBase64String(TreeHeadCodec.Encode(head))));
    }

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}

/// <summary>A signed tree head: its fields for reading and the encoded <c>sth</c> (base64) that carries the signature.</summary>
public sealed record TreeHeadResponse(string LogId, long TreeSize, DateTimeOffset Timestamp, string RootHash, string Sth);

/// <summary>An inclusion proof (index, tree size, leaf hash) or a consistency proof (first, second); path hashes in hex, leaf side up.</summary>
public sealed record ProofResponse(long From, long To, string? LeafHash, IReadOnlyList<string> Path);

public sealed record EntryResponse(long Index, string Entry, string LeafHash);
