using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

/// <summary>
/// The hub's own size check must be the smallest bound (protocols/amqp.md §3.6): <see cref="RoutingOptions.MaxEnvelopeBytes"/>
/// below the hub connection's <see cref="RabbitConnectionOptions.MaxInboundMessageBytes"/>, so a message between the two is
/// refused cleanly as too-large instead of making the client drop its connection and every unacked message with it.
/// </summary>
internal sealed class FrameBoundsValidator(IOptionsMonitor<RabbitConnectionOptions> connections, string connectionName) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = connections.Get(connectionName).MaxInboundMessageBytes;
        return options.MaxEnvelopeBytes < client
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Routing:MaxEnvelopeBytes ({options.MaxEnvelopeBytes}) must be below Rabbit:MaxInboundMessageBytes ({client}), the client's and the node's frame bound.");
    }
}
