using Broker.Hosting.Health;
using Broker.Hosting.Rabbit;
using Broker.Hosting.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Broker.Hosting.Configuration;

/// <summary>Shared host wiring for the core and the gateways: configuration sources, validated options, AMQP connections, resilience.</summary>
public static class BrokerHostingExtensions
{
    /// <summary>
    /// On top of the builder's appsettings.json, environment variables and command line, adds the JSON file named by
    /// <c>--config path</c> (and environment variables again so they still win over it).
    /// </summary>
    public static IHostApplicationBuilder AddBrokerConfiguration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = builder.Configuration["config"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
            builder.Configuration.AddEnvironmentVariables();
        }

        return builder;
    }

    /// <summary>Registers validated options of type <typeparamref name="TOptions"/> bound to <paramref name="sectionName"/>.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string sectionName, string? name = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>(name ?? Options.DefaultName).BindConfiguration(sectionName).ValidateOnStart();
    }

    /// <summary>The broker resilience pipeline (retry with jitter + circuit breaker + timeout), from section <c>Resilience</c>.</summary>
    public static IServiceCollection AddBrokerResilience(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<BrokerResilienceOptions, BrokerResilienceOptionsValidator>(BrokerResilienceOptions.SectionName);
        services.TryAddSingleton(static sp => BrokerResilience.Build(sp.GetRequiredService<IOptions<BrokerResilienceOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// A named AMQP connection from <paramref name="sectionName"/>: keyed <see cref="RabbitConnectionProvider"/> and
    /// <see cref="IConfirmedPublisher"/> services under <paramref name="name"/>, and a health check.
    /// </summary>
    public static IServiceCollection AddRabbitConnection(this IServiceCollection services, string name, string sectionName)
    {
        services.AddBrokerResilience();
        services.AddValidatedOptions<RabbitConnectionOptions, RabbitConnectionOptionsValidator>(sectionName, name);
        services.AddKeyedSingleton(name, static (sp, key) => new RabbitConnectionProvider(
            (string)key!,
            sp.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get((string)key!),
            sp.GetRequiredService<ResiliencePipeline>(),
            sp.GetRequiredService<ILogger<RabbitConnectionProvider>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IConfirmedPublisher>(name, static (sp, key) => new ConfirmedPublisher(
            sp.GetRequiredKeyedService<RabbitConnectionProvider>(key),
            sp.GetRequiredService<ResiliencePipeline>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConfirmedPublisher>>()));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "amqp-" + name,
            sp => new RabbitConnectionHealthCheck(sp.GetRequiredKeyedService<RabbitConnectionProvider>(name)),
            HealthStatus.Unhealthy,
            tags: [BrokerHealth.ReadyTag]));
        return services;
    }
}
