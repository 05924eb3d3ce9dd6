using Broker.Testing.Policies;

namespace Broker.Hub.Tests.Support;

/// <summary>
/// The hub tests' network (the kit's <see cref="TestNetwork"/>): four agencies, registry version 7 valid a year either side of
/// <see cref="Now"/>, listing the open test policy's key (<see cref="OpenPolicies"/>) for every country.
/// </summary>
internal static class HubWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly string[] AgencyNames = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];
    public static readonly string[] Countries = ["TH", "RU", "MY", "SG"];
    private static readonly Lazy<TestNetwork> Instance = new(() => new TestNetwork(new NetworkOptions
    {
        Agencies = AgencyNames,
        Now = Now,
        RegistryVersion = 7,
        HubId = "hub-test",
    }));

    public static TestNetwork Shared => Instance.Value;

    public static byte[] Seed(byte tag, int index) => TestNetwork.Seed(tag, index);
}
