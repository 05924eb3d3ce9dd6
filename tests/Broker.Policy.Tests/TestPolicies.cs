using System.Text;
using System.Text.Json.Nodes;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Model;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;

namespace Broker.Policy.Tests;

/// <summary>Builders for policy documents, directories and alerts used across the policy tests.</summary>
internal static class TestPolicies
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly AgencyId ThOncb = AgencyId.Parse("TH-ONCB");
    public static readonly AgencyId ThAmlo = AgencyId.Parse("TH-AMLO");
    public static readonly AgencyId RuMvd = AgencyId.Parse("RU-MVD");
    public static readonly AgencyId RuFcs = AgencyId.Parse("RU-FCS");
    public static readonly AgencyId RuRosfin = AgencyId.Parse("RU-ROSFIN");
    public static readonly AgencyId RuSc = AgencyId.Parse("RU-SC");
    public static readonly AgencyId MyPdrm = AgencyId.Parse("MY-PDRM");
    public static readonly AgencyId SgCnb = AgencyId.Parse("SG-CNB");
    public static readonly AgencyId VnC04 = AgencyId.Parse("VN-C04");
    public static readonly AgencyId LaMops = AgencyId.Parse("LA-MOPS");

    public static AgencyDirectory Agencies { get; } = new(
    [
        new(ThOncb, AuthorityType.DrugControl, AgencyState.Active),
        new(ThAmlo, AuthorityType.FinancialIntelligence, AgencyState.Active),
        new(RuMvd, AuthorityType.Police, AgencyState.Active),
        new(RuFcs, AuthorityType.Customs, AgencyState.Active),
        new(RuRosfin, AuthorityType.FinancialIntelligence, AgencyState.Active),
        new(RuSc, AuthorityType.Court, AgencyState.Active),
        new(MyPdrm, AuthorityType.Police, AgencyState.Active),
        new(SgCnb, AuthorityType.DrugControl, AgencyState.Active),
        new(VnC04, AuthorityType.Police, AgencyState.Suspended),
        new(LaMops, AuthorityType.Police, AgencyState.Revoked),
    ]);

    /// <summary>JSON with single quotes for readability in tests.</summary>
    public static JsonObject Obj(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'))!.AsObject();

    /// <summary>A policy that sends and accepts everything across ASEAN+RU up to RED/secret: tests then narrow one side.</summary>
    public static JsonObject Open(string country, long version = 1, string effective = "2026-01-01T00:00:00Z") => Document(
        country,
        version,
        effective,
        [Obj("{'id':'out-all','effect':'allow','to':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")],
        [Obj("{'id':'in-all','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")]);

    public static JsonObject Document(string country, long version, string effective, IEnumerable<JsonObject> outbound, IEnumerable<JsonObject> inbound) => new()
    {
        ["kind"] = "sharing-policy/v1",
        ["country"] = country,
        ["version"] = version,
        ["effective"] = effective,
        ["outbound"] = new JsonArray([.. outbound]),
        ["inbound"] = new JsonArray([.. inbound]),
    };

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static SharingPolicy Parse(JsonNode node, string source = "test.policy.json")
    {
        if (!PolicyParser.TryParse(source, Bytes(node), out var policy, out var result))
        {
            throw new AssertionException("test policy is invalid: " + string.Join("; ", result.Errors));
        }

        return policy;
    }

    public static PolicySet Set(params JsonNode[] documents) => PolicySet.Create(documents.Select(d => Parse(d)));

    /// <summary>The open policies for every country of the test directory.</summary>
    public static PolicySet OpenSet(params JsonObject[] overrides)
    {
        var countries = new[] { "TH", "RU", "MY", "SG", "VN", "LA" };
        var docs = countries.Select(c => overrides.FirstOrDefault(o => (string?)o["country"] == c) ?? Open(c));
        return PolicySet.Create(docs.Select(d => Parse(d)));
    }

    public static AlertFacts Alert(
        AgencyId? origin = null, Tlp tlp = Tlp.Amber, Classification classification = Classification.Restricted,
        Category category = Category.DrugTrafficking, HandlingCodes handling = HandlingCodes.None, params AgencyId[] to) => new()
        {
            Origin = origin ?? ThOncb,
            Category = category,
            Tlp = tlp,
            Classification = classification,
            Handling = handling,
            AddressedAgencies = to,
            Expires = Now.AddDays(7),
            Views = [new AlertView([DataClass.OperationalGeneral])],
        };

    public static RecipientDecision Only(AlertEvaluation evaluation, AgencyId recipient) =>
        evaluation.Decisions.Single(d => d.Recipient == recipient);
}
