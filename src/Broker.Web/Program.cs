using Broker.Web.Hosting;

// --seed-demo is shorthand for Web:SeedDemo=true.
var builder = WebApplication.CreateBuilder(args.Select(a => a == "--seed-demo" ? "--Web:SeedDemo=true" : a).ToArray());
builder.AddBrokerWeb();
var app = builder.Build();
app.MapBrokerWeb();
await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point, visible to the tests' host.</summary>
public partial class Program;
