using Microsoft.AspNetCore.Builder;

namespace Broker.Web.Tests.Kit;

/// <summary>A thin client the tests started with <see cref="WebTestHost.StartAsync"/>: its address and services, stopped on dispose.</summary>
internal abstract class HostedWeb : IAsyncDisposable
{
    protected HostedWeb(WebApplication app)
    {
        App = app;
        Url = WebTestHost.Url(app);
    }

    public string Url { get; }

    public IServiceProvider Services => App.Services;

    protected WebApplication App { get; }

    public virtual async ValueTask DisposeAsync() => await App.DisposeAsync();
}
