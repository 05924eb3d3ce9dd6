using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Trust;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>Real composite signatures checked against the country policy keys of a signed trust registry.</summary>
public class RegistryPolicySignatureVerifierTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private SigningKeyPair _th = null!;
    private SigningKeyPair _ru = null!;
    private SigningKeyPair _revoked = null!;
    private TrustRegistry _registry = null!;

    [OneTimeSetUp]
    public void CreateRegistry()
    {
        _th = SigningKeyPair.Generate();
        _ru = SigningKeyPair.Generate();
        _revoked = SigningKeyPair.Generate();
        using var anchor = SigningKeyPair.Generate();
        var registry = new TestRegistry(From, From.AddYears(1)).Version(7).IssuedAt(From).Hub(null);
        _registry = registry
            .Country("TH", "Thailand", registry.Key(_th.PublicKey), registry.Key(_revoked.PublicKey, KeyStatus.Revoked, From.AddMonths(1)))
            .Country("RU", "Russian Federation", registry.Key(_ru.PublicKey))
            .Load(anchor);
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _th.Dispose();
        _ru.Dispose();
        _revoked.Dispose();
    }

    [Test]
    public void TryUpdate_SignedByCountryKey_Accepted()
    {
        var store = new PolicyStore(new RegistryPolicySignatureVerifier(_registry));
        var doc = Bytes(Open("TH"));

        var result = store.TryUpdate("th.policy.json", doc, PolicySignatures.Sign(doc, _th), Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.Accepted), result.ToString());
    }

    [Test]
    public void TryUpdate_TamperedPolicy_RefusedAndLastGoodStays()
    {
        var store = Loaded(out var good);
        var v2 = Bytes(Open("TH", 2));
        var signature = PolicySignatures.Sign(v2, _th);
        v2[^2] ^= 0x20; // flip a bit inside the closing bracket region: still the same length

        var result = store.TryUpdate("th.policy.json", v2, signature, Now);

        Assert.That(result.IsAccepted, Is.False);
        Assert.That(store.Current, Is.SameAs(good));
    }

    [Test]
    public void TryUpdate_SignedWithinValidDocumentButContentChanged_SignatureInvalid()
    {
        var store = Loaded(out var good);
        var signature = PolicySignatures.Sign(Bytes(Open("TH", 2)), _th);
        var changed = Bytes(Open("TH", 2, "2026-03-01T00:00:00Z"));

        var result = store.TryUpdate("th.policy.json", changed, signature, Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureInvalid));
        Assert.That(result.Error, Does.Contain("does not verify"));
        Assert.That(store.Current, Is.SameAs(good));
    }

    [Test]
    public void TryUpdate_ThaiPolicySignedWithRussianKey_Refused()
    {
        var store = Loaded(out var good);
        var v2 = Bytes(Open("TH", 2));

        var result = store.TryUpdate("th.policy.json", v2, PolicySignatures.Sign(v2, _ru), Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureInvalid));
        Assert.That(result.Error, Does.Contain("not made with a current policy key of TH"));
        Assert.That(store.Current, Is.SameAs(good));
    }

    [Test]
    public void TryUpdate_Unsigned_Refused()
    {
        var store = Loaded(out var good);

        var result = store.TryUpdate("th.policy.json", Bytes(Open("TH", 2)), [], Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureMissing));
        Assert.That(store.Current, Is.SameAs(good));
    }

    [Test]
    public void Verify_RevokedKey_Refused()
    {
        var doc = Bytes(Open("TH"));

        var ok = new RegistryPolicySignatureVerifier(_registry).Verify(new CountryCode("TH"), doc, PolicySignatures.Sign(doc, _revoked), Now, out var reason);

        Assert.That(ok, Is.False);
        Assert.That(reason, Is.Not.Null);
    }

    [Test]
    public void Verify_AfterKeyExpiry_Refused()
    {
        var doc = Bytes(Open("TH"));

        var ok = new RegistryPolicySignatureVerifier(_registry).Verify(new CountryCode("TH"), doc, PolicySignatures.Sign(doc, _th), From.AddYears(2), out var reason);

        Assert.That(ok, Is.False);
        Assert.That(reason, Does.Contain("valid at"));
    }

    [Test]
    public void Verify_CountryWithoutPolicyKey_Refused()
    {
        var doc = Bytes(Open("MY"));

        var ok = new RegistryPolicySignatureVerifier(_registry).Verify(new CountryCode("MY"), doc, PolicySignatures.Sign(doc, _th), Now, out var reason);

        Assert.That(ok, Is.False);
        Assert.That(reason, Does.Contain("no policy key for MY"));
    }

    [Test]
    public void Verify_SignatureForAnotherPurpose_Refused()
    {
        // A registry signature over the same bytes must not pass as a policy signature (domain separation).
        var doc = Bytes(Open("TH"));
        var other = DetachedSignature.Sign(TrustRegistry.SignaturePurpose, doc, _th);

        var ok = new RegistryPolicySignatureVerifier(_registry).Verify(new CountryCode("TH"), doc, other, Now, out _);

        Assert.That(ok, Is.False);
    }

    [Test]
    public void SignatureFile_RoundTripsAndRejectsGarbage()
    {
        var doc = Bytes(Open("TH"));
        var signature = PolicySignatures.Sign(doc, _th);

        Assert.That(PolicySignatures.TryDecodeFile(PolicySignatures.EncodeFile(signature), out var decoded, out _), Is.True);
        Assert.That(decoded, Is.EqualTo(signature));
        Assert.That(PolicySignatures.TryDecodeFile("not base64!"u8, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("base64"));
        Assert.That(PolicySignatures.TryDecodeFile(new byte[PolicySignatures.MaxSignatureFileBytes + 1], out _, out _), Is.False);
    }

    private PolicyStore Loaded(out PolicySet current)
    {
        var store = new PolicyStore(new RegistryPolicySignatureVerifier(_registry));
        var doc = Bytes(Open("TH"));
        Assert.That(store.TryUpdate("th.policy.json", doc, PolicySignatures.Sign(doc, _th), Now).IsAccepted, Is.True);
        current = store.Current;
        return store;
    }
}
