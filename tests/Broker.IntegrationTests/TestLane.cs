using Broker.Testing;

// Every test here runs against the private RabbitMQ node (hub, gateways, faults, topology): none is in the unit lane,
// whether or not its fixture says so (deploy/test.sh --unit).
[assembly: Category(TestLanes.RabbitMq)]
