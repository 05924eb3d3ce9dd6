using Broker.Policy.Evaluation;
using Broker.Protocol.Registry;

namespace Broker.Policy.Signing;

/// <summary>Builds the evaluator's agency directory from a verified trust registry (ids, authority types and status).</summary>
public static class RegistryDirectory
{
    public static AgencyDirectory From(TrustRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new AgencyDirectory(registry.Agencies.Select(a => new DirectoryAgency(
            a.Id,
            a.Authority,
            a.Status == AgencyStatus.Active ? AgencyState.Active : AgencyState.Suspended,
            a.Name)));
    }
}
