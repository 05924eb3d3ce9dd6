using Broker.Core.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBrokerCore();
var app = builder.Build();
app.MapBrokerHealth();
await app.RunAsync();
