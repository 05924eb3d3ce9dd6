using System.Text;
using Broker.Hub.Auditor;
using Broker.Policy.Signing;

namespace Broker.IntegrationTests.Hub;

/// <summary>Signed policy folders for the <see cref="CoreWorld"/> countries and the hub settings that use them with the audit log.</summary>
internal static class HubPolicies
{
    public const string AuditorToken = "integration-auditor-token-5b1c";

    /// <summary>Every country sends and accepts everything in ASEAN+RU, except Thailand, which sends only to <paramref name="thSendsTo"/>.</summary>
    public static string WriteFolder(string workDirectory, params string[] thSendsTo)
    {
        var folder = Path.Combine(workDirectory, "policies");
        Directory.CreateDirectory(folder);
        foreach (var country in CoreWorld.Shared.Keys.Select(k => k.Agency.Country.Value).Distinct())
        {
            Write(folder, $"{country.ToLowerInvariant()}.policy.json", Document(country, 1, country == "TH" ? thSendsTo : null));
        }

        return folder;
    }

    public static byte[] Document(string country, long version, string[]? sendsTo = null)
    {
        var to = sendsTo is null ? "\"groups\": [\"ASEAN+RU\"]" : "\"countries\": [" + string.Join(", ", sendsTo.Select(c => $"\"{c}\"")) + "]";
        return Encoding.UTF8.GetBytes($$"""
            {
              "kind": "sharing-policy/v1", "country": "{{country}}", "version": {{version}}, "effective": "2026-01-01T00:00:00Z", "illustrative": true,
              "outbound": [ { "id": "out-net", "effect": "allow", "to": { {{to}} }, "categories": ["*"], "maxTlp": "RED", "maxClassification": "secret" } ],
              "inbound": [ { "id": "in-net", "effect": "allow", "from": { "groups": ["ASEAN+RU"] }, "categories": ["*"], "maxTlp": "RED", "maxClassification": "secret" } ]
            }
            """);
    }

    public static void Write(string folder, string name, byte[] document, bool signed = true)
    {
        File.WriteAllBytes(Path.Combine(folder, name), document);
        if (signed)
        {
            WriteSignature(folder, name, document);
        }
    }

    public static void WriteSignature(string folder, string name, byte[] document) =>
        File.WriteAllBytes(Path.Combine(folder, name + PolicySignatures.FileSuffix), PolicySignatures.EncodeFile(PolicySignatures.Sign(document, CoreWorld.Shared.PolicyKey)));

    /// <summary>Hub settings: signed policies from <paramref name="folder"/> (rescanned every second), direct audit log, one auditor account.</summary>
    public static Dictionary<string, string?> Settings(string workDirectory, string folder) => new()
    {
        ["Policies:Directory"] = folder,
        ["Policies:RescanSeconds"] = "1",
        ["Audit:Mode"] = "Direct",
        ["Audit:SqlitePath"] = Path.Combine(workDirectory, "audit.db"),
        ["Audit:TreeHeadIntervalSeconds"] = "0",
        ["Decisions:Sink"] = "None",
        ["AuditorApi:Accounts:0:Name"] = "oversight",
        ["AuditorApi:Accounts:0:TokenSha256"] = AuditorAuthentication.HashToken(AuditorToken),
    };
}
