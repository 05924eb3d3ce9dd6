using System.Text;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;

namespace Broker.Hub.Tests.Support;

/// <summary>Signed sharing policies for the <see cref="HubWorld"/> countries: open by default, Thailand's outbound narrowed per test.</summary>
internal static class HubPolicies
{
    /// <summary>A policy document; <paramref name="thOutboundTo"/> narrows Thailand's outbound rule to these countries.</summary>
    public static byte[] Document(string country, long version = 1, string[]? thOutboundTo = null)
    {
        var to = country == "TH" && thOutboundTo is not null
            ? "\"countries\": [" + string.Join(", ", thOutboundTo.Select(c => $"\"{c}\"")) + "]"
            : "\"groups\": [\"ASEAN+RU\"]";
        var json = $$"""
            {
              "kind": "sharing-policy/v1", "country": "{{country}}", "version": {{version}}, "effective": "2026-01-01T00:00:00Z",
              "outbound": [ { "id": "out-net", "effect": "allow", "to": { {{to}} }, "categories": ["*"], "maxTlp": "RED", "maxClassification": "secret" } ],
              "inbound": [ { "id": "in-net", "effect": "allow", "from": { "groups": ["ASEAN+RU"] }, "categories": ["*"], "maxTlp": "RED", "maxClassification": "secret" } ]
            }
            """;
        return Encoding.UTF8.GetBytes(json);
    }

    public static byte[] Sign(byte[] document) => PolicySignatures.Sign(document, HubWorld.Shared.PolicyKey);

    /// <summary>Writes <c>&lt;cc&gt;.policy.json</c> and, when <paramref name="signed"/>, its <c>.sig</c>.</summary>
    public static void Write(string directory, string name, byte[] document, bool signed = true)
    {
        File.WriteAllBytes(Path.Combine(directory, name), document);
        var signature = Path.Combine(directory, name + PolicySignatures.FileSuffix);
        if (signed)
        {
            File.WriteAllBytes(signature, PolicySignatures.EncodeFile(Sign(document)));
        }
        else if (File.Exists(signature))
        {
            File.Delete(signature);
        }
    }

    /// <summary>A set with all four countries, Thailand sending only to <paramref name="thOutboundTo"/>.</summary>
    public static PolicySet Set(string[]? thOutboundTo = null) => PolicySet.Create(HubWorld.Countries.Select(c =>
        PolicyParser.TryParse(c, Document(c, 1, thOutboundTo), out var policy, out var result) ? policy : throw new InvalidOperationException(result.ToString())));
}
