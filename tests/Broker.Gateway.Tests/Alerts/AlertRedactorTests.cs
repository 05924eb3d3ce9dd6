using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Alerts;

public class AlertRedactorTests
{
    private static readonly string[] SampleClasses =
    [
        "financial.crypto", "operational.general", "operational.location", "operational.source",
        "personal.biometric", "personal.contact", "personal.document", "personal.identity",
    ];

    [Test]
    public void ClassesPresent_Sample_ListsEveryTaggedClassOnce() =>
        Assert.That(AlertRedactor.ClassesPresent(Samples.Bytes(Samples.ThOncb)).Select(c => c.Value), Is.EqualTo(SampleClasses));

    [Test]
    public void Redact_NothingWithheld_KeepsTheAlert()
    {
        var view = AlertRedactor.Redact(Samples.Bytes(Samples.ThOncb), new HashSet<DataClass>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(view.Json), Samples.Node()), Is.True);
            Assert.That(view.Withheld, Is.Empty);
            Assert.That(view.DataClasses.Select(c => c.Value), Is.EqualTo(SampleClasses));
        }
    }

    [Test]
    public void Redact_CryptoWithheld_RemovesTheWalletsAndTheEmptyArray()
    {
        var view = AlertRedactor.Redact(Samples.Bytes(Samples.ThOncb), new HashSet<DataClass> { DataClass.FinancialCrypto });
        var json = JsonNode.Parse(view.Json)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json["entities"]!.AsObject().ContainsKey("cryptoWallets"), Is.False);
            Assert.That(json["entities"]!["phones"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(view.Withheld, Is.EqualTo(new[] { DataClass.FinancialCrypto }));
            Assert.That(view.DataClasses, Does.Not.Contain(DataClass.FinancialCrypto));
            Assert.That(Encoding.UTF8.GetString(view.Json), Does.Not.Contain("TXexample"));
        }
    }

    [Test]
    public void Redact_BiometricWithheld_KeepsThePersonWithoutBiometrics()
    {
        var view = AlertRedactor.Redact(Samples.Bytes(Samples.ThOncb), new HashSet<DataClass> { DataClass.PersonalBiometric });
        var person = JsonNode.Parse(view.Json)!["entities"]!["persons"]![0]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(person["familyName"]!.GetValue<string>(), Is.EqualTo("Example"));
            Assert.That(person.ContainsKey("biometrics"), Is.False);
        }
    }

    [Test]
    public void Redact_IdentityWithheld_RemovesThePersonAndItsNestedBiometrics()
    {
        var view = AlertRedactor.Redact(Samples.Bytes(Samples.ThOncb), new HashSet<DataClass> { DataClass.PersonalIdentity });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.Parse(view.Json)!["entities"]!.AsObject().ContainsKey("persons"), Is.False);
            Assert.That(view.Withheld, Is.EquivalentTo(new[] { DataClass.PersonalIdentity, DataClass.PersonalBiometric }));
            Assert.That(Encoding.UTF8.GetString(view.Json), Does.Not.Contain("ONCB-IMG"));
        }
    }

    [Test]
    public void Redact_SourceWithheld_KeepsTheEvaluationCodes()
    {
        var view = AlertRedactor.Redact(Samples.Bytes(Samples.ThOncb), new HashSet<DataClass> { DataClass.OperationalSource });
        var evaluation = JsonNode.Parse(view.Json)!["evaluation"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evaluation.ContainsKey("source"), Is.False);
            Assert.That(evaluation["sourceReliability"]!.GetValue<string>(), Is.EqualTo("B"));
        }
    }

    [Test]
    public void Redact_UnparsableDataClass_IsRemovedFailClosed()
    {
        var json = """{"entities":{"phones":[{"dataClass":"NOT A CLASS","number":"+66812345678"},{"dataClass":"personal.contact","number":"+66800000000"}]}}""";
        var view = AlertRedactor.Redact(Encoding.UTF8.GetBytes(json), new HashSet<DataClass>());
        Assert.That(Encoding.UTF8.GetString(view.Json), Does.Not.Contain("66812345678").And.Contains("66800000000"));
    }

    [Test]
    public void Redact_EverySubsetOfSampleClasses_LeavesNoWithheldClassAndLosesNothingElse()
    {
        var all = SampleClasses.Select(DataClass.Parse).ToArray();
        var bytes = Samples.Bytes(Samples.ThOncb);
        for (var mask = 0; mask < 1 << all.Length; mask++)
        {
            var withheld = all.Where((_, i) => (mask & (1 << i)) != 0).ToHashSet();
            var view = AlertRedactor.Redact(bytes, withheld);
            // Invariants: nothing withheld survives; every class is either still present or reported as withheld;
            // a class is only lost beyond the withheld set when it was nested in a withheld object (biometrics in a person).
            Assert.That(view.DataClasses.Intersect(withheld), Is.Empty, $"mask {mask}");
            Assert.That(view.DataClasses.Union(view.Withheld), Is.EquivalentTo(all), $"mask {mask}");
            var collateral = view.Withheld.Except(withheld).ToArray();
            Assert.That(collateral, Is.Empty.Or.EqualTo(new[] { DataClass.PersonalBiometric }), $"mask {mask}");
            Assert.That(AlertRedactor.ClassesPresent(view.Json), Is.EqualTo(view.DataClasses), $"mask {mask}");
        }
    }
}
