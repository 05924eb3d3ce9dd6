using Broker.Hosting.Rabbit;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Ingress;

/// <summary>
/// One ingress message on its way through the hub: the AMQP delivery, the agency its user-id authenticates (null when it names
/// none in the registry), the trust registry in force when the message was taken (every later step uses this one), and when.
/// </summary>
internal sealed record IngressMessage(InboundDelivery Delivery, AgencyId? Sender, TrustRegistry Registry, long Started);
