using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broker.Hub.Ingress;

/// <summary>Registers the ingress pipeline; the host (and the tests) supply its ports: options, trust, signer, policy, claims, audit trail and the keyed publisher.</summary>
internal static class IngressServices
{
    public static IServiceCollection AddIngressPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IngressAdmission>();
        services.AddSingleton<IngressAudit>();
        services.AddSingleton<EnvelopeAcceptance>();
        services.AddSingleton<RecipientDecider>();
        services.AddSingleton<CopyDelivery>();
        services.AddSingleton<ReceiptIssuer>();
        services.AddSingleton<DeadLetters>();
        services.AddSingleton<IngressRejecter>();
        services.AddSingleton<RecipientRouting>();
        services.AddSingleton<IngressRouter>();
        return services;
    }
}
