namespace Broker.IntegrationTests.Hub;

/// <summary>
/// The hub integration tests' network (the kit's <see cref="TestNetwork"/>): the demo agencies, a registry valid from 30 days
/// before the system clock, listing the open test policy's key for every country. The AMQP identities come from deploy/ certificates.
/// </summary>
public static class CoreWorld
{
    public static readonly string[] AgencyNames = [.. TestNetwork.DemoAgencies];
    private static readonly Lazy<TestNetwork> Instance = new(() => new TestNetwork(new NetworkOptions
    {
        ValidBefore = TimeSpan.FromDays(30),
        IssuedBefore = TimeSpan.FromMinutes(1),
        HubId = "hub-integration",
        SealLifetime = TimeSpan.FromHours(1),
    }));

    public static TestNetwork Shared => Instance.Value;

    /// <summary>The countries of <see cref="AgencyNames"/>, each with the open test policy's key in the registry.</summary>
    public static IReadOnlyList<string> Countries => Shared.Countries;

    public static byte[] Seed(byte tag, int index) => TestNetwork.Seed(tag, index);
}
