using Microsoft.Extensions.Logging;

namespace Broker.Hosting;

/// <summary>The policy folder's log messages (shared by the hub and the gateways; EventIds 6030-6039).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6030, EventName = "PolicyAccepted", Level = LogLevel.Information,
        Message = "Sharing policy {File} accepted: {Country} v{Version} (sha256 {Digest})")]
    public static partial void PolicyAccepted(this ILogger logger, string file, string country, long version, string digest);

    [LoggerMessage(EventId = 6031, EventName = "PolicyRefused", Level = LogLevel.Error,
        Message = "Sharing policy {File} REFUSED ({Status}): {Reason}. The policies already in force stay in force")]
    public static partial void PolicyRefused(this ILogger logger, string file, string status, string reason);

    [LoggerMessage(EventId = 6032, EventName = "PolicyFileUnreadable", Level = LogLevel.Warning,
        Message = "Sharing policy {File} could not be read ({Error}); it is offered again at the next scan")]
    public static partial void PolicyFileUnreadable(this ILogger logger, string file, string error);

    [LoggerMessage(EventId = 6033, EventName = "PolicyScanFailed", Level = LogLevel.Error,
        Message = "Scanning the policy folder {Directory} failed; retried at the next change or rescan, the policies in force stay in force")]
    public static partial void PolicyScanFailed(this ILogger logger, string directory, Exception exception);
}
