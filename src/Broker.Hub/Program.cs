using Broker.Hosting.Health;
using Broker.Hub.Auditor;
using Broker.Hub.Hosting;

// appsettings.json ships beside the binary; relative data paths in it resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddBrokerHub();
var app = builder.Build();
app.MapBrokerHealth();
app.MapAuditorApi();
await app.RunAsync();
