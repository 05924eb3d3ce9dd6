using Broker.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddBrokerGateway();
var app = builder.Build();
app.MapBrokerGateway();
await app.RunAsync();
