using System.Text;
using Broker.Gateway.Policies;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Policies;

/// <summary>Loading signed policies from a folder: what is accepted, what is refused and why, and that the last good set stays.</summary>
public class GatewayPoliciesTests
{
    private static readonly CountryCode Th = new("TH");
    private TestNetwork _network = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _network = new TestNetwork();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _network.Dispose();

    [SetUp]
    public void SetUp() => _folder = TestPolicies.Folder(_network);

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Scan_SignedFolder_EveryCountryAcceptedInVersionOrder()
    {
        // v2 sorts before v1 by name ("th-v10" < "th-v2"); the loader still offers versions in order.
        TestPolicies.Write(_network, _folder, TestPolicies.Thailand(10));
        TestPolicies.Write(_network, _folder, TestPolicies.Thailand(2));
        var policies = TestPolicies.Load(_network, _folder);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(policies.Current.Countries, Has.Count.EqualTo(TestNetwork.PolicyCountries.Length));
            Assert.That(policies.Current.Versions(Th).Select(p => p.Version), Is.EqualTo(new long[] { 1, 2, 10 }));
        }
    }

    public static IEnumerable<TestCaseData> BadDocuments()
    {
        yield return new TestCaseData("unsigned", PolicyUpdateStatus.SignatureMissing).SetName("Scan_UnsignedNewVersion_RefusedSignatureMissingLastGoodStays");
        yield return new TestCaseData("tampered", PolicyUpdateStatus.SignatureInvalid).SetName("Scan_TamperedNewVersion_RefusedSignatureInvalidLastGoodStays");
        yield return new TestCaseData("other-country-key", PolicyUpdateStatus.SignatureInvalid).SetName("Scan_SignedWithAnotherCountrysKey_RefusedLastGoodStays");
        yield return new TestCaseData("garbage-signature", PolicyUpdateStatus.SignatureInvalid).SetName("Scan_SignatureFileNotBase64_RefusedLastGoodStays");
        yield return new TestCaseData("invalid", PolicyUpdateStatus.Invalid).SetName("Scan_SchemaInvalidDocument_RefusedInvalidLastGoodStays");
        yield return new TestCaseData("replayed-old", PolicyUpdateStatus.NotNewer).SetName("Scan_OlderVersionDroppedInLater_RefusedNotNewerLastGoodStays");
    }

    [TestCaseSource(nameof(BadDocuments))]
    public void Scan_BadDocument_RefusedWithReasonAndTheLastGoodSetStaysInForce(string kind, PolicyUpdateStatus expected)
    {
        TestPolicies.Write(_network, _folder, TestPolicies.Thailand(2));
        var policies = TestPolicies.Load(_network, _folder);
        var before = policies.Current;
        var document = kind == "replayed-old" ? TestPolicies.Thailand(1) : TestPolicies.Thailand(3);
        if (kind == "replayed-old")
        {
            // A different, validly signed v1: an old version must not come back over v2.
            document["title"] = "an older signed version";
        }

        var path = TestPolicies.Write(_network, _folder, document, sign: kind != "unsigned", fileName: "th-new.policy.json");
        switch (kind)
        {
            case "tampered":
                File.WriteAllText(path, File.ReadAllText(path).Replace("\"version\":3", "\"version\": 3", StringComparison.Ordinal));
                break;
            case "other-country-key":
                File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(File.ReadAllBytes(path), _network.PolicyKeys["RU"])));
                break;
            case "garbage-signature":
                File.WriteAllText(path + PolicySignatures.FileSuffix, "%%% not base64 %%%");
                break;
            case "invalid":
                File.WriteAllText(path, File.ReadAllText(path).Replace("\"maxTlp\":\"RED\"", "\"maxTlp\":\"WHITE\"", StringComparison.Ordinal));
                File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(File.ReadAllBytes(path), _network.PolicyKeys["TH"])));
                break;
            default:
                break;
        }

        var result = policies.Scan().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(expected), result.ToString());
            Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
            Assert.That(policies.Current, Is.SameAs(before));
            Assert.That(policies.Current.Latest(Th)!.Version, Is.EqualTo(2));
        }
    }

    [Test]
    public void Scan_NewSignedVersionWhileRunning_PickedUpAndUnchangedFilesNotOfferedAgain()
    {
        var policies = TestPolicies.Load(_network, _folder);
        Assert.That(policies.Scan(), Is.Empty, "nothing changed");

        TestPolicies.Write(_network, _folder, TestPolicies.Thailand(2));
        var results = policies.Scan();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { PolicyUpdateStatus.Accepted }));
            Assert.That(policies.Current.Latest(Th)!.Version, Is.EqualTo(2));
        }
    }

    [Test]
    public void Scan_SignatureArrivesAfterTheDocument_RefusedThenAccepted()
    {
        var policies = TestPolicies.Load(_network, _folder);
        var path = TestPolicies.Write(_network, _folder, TestPolicies.Thailand(2), sign: false);
        var first = policies.Scan().Single();
        File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(File.ReadAllBytes(path), _network.PolicyKeys["TH"])));
        var second = policies.Scan().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(PolicyUpdateStatus.SignatureMissing));
            Assert.That(second.Status, Is.EqualTo(PolicyUpdateStatus.Accepted));
        }
    }

    [Test]
    public void Scan_OversizedDocument_RefusedWithoutLoadingIt()
    {
        var policies = TestPolicies.Load(_network, _folder);
        File.WriteAllBytes(Path.Combine(_folder, "huge.policy.json"), Encoding.ASCII.GetBytes(new string(' ', 600 * 1024)));
        var result = policies.Scan().Single();
        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.Invalid));
    }

    [Test]
    public void Scan_EmptyFolder_NoPoliciesSoEverythingIsDenied()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        var policies = new GatewayPolicies(_network.Registry, empty, new FakeTimeProvider(Samples.Now), NullLogger.Instance);
        Assert.That(policies.Scan(), Is.Empty);
        Assert.That(policies.Current.Countries, Is.Empty);
    }
}
