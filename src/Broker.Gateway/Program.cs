using Broker.Gateway;

// Content root = the binary's directory, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddBrokerGateway();
var app = builder.Build();
app.MapBrokerGateway();
await app.RunAsync();
