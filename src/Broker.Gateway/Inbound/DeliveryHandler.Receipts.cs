using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Inbound;

internal sealed partial class DeliveryHandler
{
    // The routing-receipt codec lives in Broker.Hosting (hosts branch); until it is merged a receipt is kept as refused
    // with a reason that says so, never dropped.
    private Task<DeliveryDisposition> HandleReceiptAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        RefuseAsync(delivery, "receipt-codec-unavailable", cancellationToken);
}
