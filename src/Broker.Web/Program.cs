// The liaison officers' thin client; issue 6 fills this in.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync().ConfigureAwait(false);
