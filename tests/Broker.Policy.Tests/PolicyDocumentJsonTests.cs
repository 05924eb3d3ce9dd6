using System.Text.Json;
using Broker.Policy.Loading;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>The deserializer is a second line of defence behind the schema: unknown members never bind silently.</summary>
public class PolicyDocumentJsonTests
{
    [Test]
    public void Deserialize_UnknownRuleMember_ThrowsWithPath()
    {
        var doc = Open("TH");
        doc["outbound"]![0]!["kind"] = "maybe";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(Bytes(doc), PolicyJsonContext.Default.PolicyDocumentJson));

        Assert.That(error!.Path, Does.StartWith("$.outbound[0]"));
    }

    [Test]
    public void Deserialize_MissingRequiredMember_Throws()
    {
        var doc = Open("TH");
        doc.Remove("inbound");

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(Bytes(doc), PolicyJsonContext.Default.PolicyDocumentJson));
    }

    [Test]
    public void Deserialize_ValidDocument_Binds()
    {
        var dto = JsonSerializer.Deserialize(Bytes(Open("TH")), PolicyJsonContext.Default.PolicyDocumentJson);

        Assert.That(dto!.Outbound.Single().Id, Is.EqualTo("out-all"));
    }
}
