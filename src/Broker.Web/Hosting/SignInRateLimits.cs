using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Broker.Web.Hosting;

/// <summary>
/// Bounds sign-in posts, the one anonymous endpoint that costs real memory (an Argon2id verification takes 19 MiB): a token
/// bucket per client address (<see cref="WebOptions.SignInPermitsPerMinute"/>) chained with one concurrency limit for the
/// whole process (<see cref="WebOptions.SignInConcurrency"/> at once, <see cref="WebOptions.SignInQueue"/> waiting). Either
/// refusal answers 429 before the form is read. Other endpoints are not limited here.
/// </summary>
internal static class SignInRateLimits
{
    /// <summary>Endpoint metadata that puts an endpoint under these limits.</summary>
    public sealed class Marker;

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebOptions>, ILoggerFactory>((o, web, loggers) =>
        {
            var options = web.Value;
            var logger = loggers.CreateLogger(typeof(SignInRateLimits));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) =>
            {
                logger.SignInRateLimited(context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(context.HttpContext.Response.WriteAsync("Too many sign-in attempts. Wait a minute and try again.", cancellationToken));
            };
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetTokenBucketLimiter("client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.SignInPermitsPerMinute,
                        TokensPerPeriod = options.SignInPermitsPerMinute,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetConcurrencyLimiter("sign-in", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.SignInConcurrency,
                        QueueLimit = options.SignInQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
        });
        return services;
    }

    private static bool IsSignIn(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;
}
