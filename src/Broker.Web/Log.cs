namespace Broker.Web;

/// <summary>Every web log message (EventIds 5000–5999). Account names and ids only: never passwords, codes or alert content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, EventName = "SignedIn", Level = LogLevel.Information, Message = "Officer {Officer} signed in")]
    public static partial void SignedIn(this ILogger logger, string officer);

    [LoggerMessage(EventId = 5002, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "Sign-in failed for {Officer}: {Reason}")]
    public static partial void SignInFailed(this ILogger logger, string officer, string reason);

    [LoggerMessage(EventId = 5003, EventName = "AlertRead", Level = LogLevel.Information, Message = "Officer {Officer} read envelope {EnvelopeId}")]
    public static partial void AlertRead(this ILogger logger, string officer, string envelopeId);

    [LoggerMessage(EventId = 5004, EventName = "ActionSent", Level = LogLevel.Information, Message = "Officer {Officer} sent {Kind} {ActionId} about alert {AlertId}")]
    public static partial void ActionSent(this ILogger logger, string officer, string kind, Guid actionId, string alertId);

    [LoggerMessage(EventId = 5005, EventName = "DemoAccount", Level = LogLevel.Warning, Message = "Demo account {Officer} created ({Role}, clearance {Clearance}); its credentials are in {CredentialsFile}")]
    public static partial void DemoAccount(this ILogger logger, string officer, string role, string clearance, string credentialsFile);

    [LoggerMessage(EventId = 5006, EventName = "SignInRateLimited", Level = LogLevel.Warning, Message = "Sign-in attempt from {Client} refused: rate or concurrency limit")]
    public static partial void SignInRateLimited(this ILogger logger, string client);

    [LoggerMessage(EventId = 5007, EventName = "SignedOut", Level = LogLevel.Information, Message = "Officer {Officer} signed out; the session is ended on the server")]
    public static partial void SignedOut(this ILogger logger, string officer);
}
