using System.Security.Cryptography;
using System.Text;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

public class PolicyStoreTests
{
    [Test]
    public void TryUpdate_SignedValidPolicy_AcceptedAndInForce()
    {
        var store = new PolicyStore(new FakeVerifier());
        var doc = Bytes(Open("TH"));

        var result = store.TryUpdate("th.policy.json", doc, FakeVerifier.Sign("TH", doc), Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.Accepted));
        Assert.That(store.Current.TryGetInForce(new CountryCode("TH"), Now, out var policy), Is.True);
        Assert.That(policy!.Version, Is.EqualTo(1));
    }

    [Test]
    public void TryUpdate_Unsigned_RefusedAndLastGoodStays()
    {
        var store = Loaded(out var before);
        var v2 = Bytes(Open("TH", 2));

        var result = store.TryUpdate("th.policy.json", v2, [], Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureMissing));
        Assert.That(result.Error, Does.Contain("no signature"));
        Assert.That(store.Current, Is.SameAs(before));
    }

    [Test]
    public void TryUpdate_TamperedAfterSigning_RefusedAndLastGoodStays()
    {
        var store = Loaded(out var before);
        var v2 = Bytes(Open("TH", 2));
        var signature = FakeVerifier.Sign("TH", v2);
        var tampered = Bytes(Open("TH", 2, "2026-02-01T00:00:00Z"));

        var result = store.TryUpdate("th.policy.json", tampered, signature, Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureInvalid));
        Assert.That(store.Current, Is.SameAs(before));
    }

    [Test]
    public void TryUpdate_SignedWithAnotherCountrysKey_Refused()
    {
        // The hub operator (or RU) cannot publish a policy for TH: the verifier is asked for the document's own country.
        var store = Loaded(out var before);
        var v2 = Bytes(Open("TH", 2));

        var result = store.TryUpdate("th.policy.json", v2, FakeVerifier.Sign("RU", v2), Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.SignatureInvalid));
        Assert.That(store.Current, Is.SameAs(before));
    }

    [Test]
    public void TryUpdate_InvalidDocument_RefusedWithPathAndLastGoodStays()
    {
        var store = Loaded(out var before);
        var bad = Open("TH", 2);
        bad["outbound"]![0]!["maxTlp"] = "PURPLE";
        var bytes = Bytes(bad);

        var result = store.TryUpdate("th.policy.json", bytes, FakeVerifier.Sign("TH", bytes), Now);

        Assert.That(result.Status, Is.EqualTo(PolicyUpdateStatus.Invalid));
        Assert.That(result.Error, Does.StartWith("th.policy.json: $.outbound[0].maxTlp"));
        Assert.That(store.Current, Is.SameAs(before));
    }

    [TestCase(1, "2026-01-01T00:00:00Z", PolicyUpdateStatus.AlreadyLoaded)]
    [TestCase(1, "2026-03-01T00:00:00Z", PolicyUpdateStatus.NotNewer)]
    [TestCase(1, "2025-01-01T00:00:00Z", PolicyUpdateStatus.NotNewer)]
    [TestCase(2, "2025-12-01T00:00:00Z", PolicyUpdateStatus.NotNewer)]
    [TestCase(2, "2026-03-01T00:00:00Z", PolicyUpdateStatus.Accepted)]
    public void TryUpdate_VersionAndEffectiveDate_MustMoveForward(int version, string effective, PolicyUpdateStatus expected)
    {
        var store = Loaded(out _);
        var doc = Bytes(Open("TH", version, effective));

        var result = store.TryUpdate("th.policy.json", doc, FakeVerifier.Sign("TH", doc), Now);

        Assert.That(result.Status, Is.EqualTo(expected), result.ToString());
    }

    [Test]
    public void TryUpdate_ScheduledVersion_TakesEffectOnItsDateAndHistoryIsKept()
    {
        var store = Loaded(out _);
        var v2 = Bytes(Open("TH", 2, "2026-09-01T00:00:00Z"));

        store.TryUpdate("th.policy.json", v2, FakeVerifier.Sign("TH", v2), Now);

        var th = new CountryCode("TH");
        Assert.That(store.Current.TryGetInForce(th, Now, out var now) ? now.Version : 0, Is.EqualTo(1));
        Assert.That(store.Current.TryGetInForce(th, Now.AddMonths(4), out var later) ? later.Version : 0, Is.EqualTo(2));
        Assert.That(store.Current.TryGetInForce(th, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), out _), Is.False);
        Assert.That(store.Current.Versions(th), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TryUpdate_ConcurrentUpdatesForManyCountries_AllLand()
    {
        var store = new PolicyStore(new FakeVerifier());
        var countries = CountryGroups();

        await Task.WhenAll(countries.Select(c => Task.Run(() =>
        {
            var doc = Bytes(Open(c));
            return store.TryUpdate(c, doc, FakeVerifier.Sign(c, doc), Now);
        })));

        Assert.That(store.Current.Countries.Select(c => c.Value), Is.EquivalentTo(countries));
    }

    private static string[] CountryGroups() => Model.CountryGroups.Network.Select(c => c.Value).ToArray();

    private static PolicyStore Loaded(out PolicySet current)
    {
        var store = new PolicyStore(new FakeVerifier());
        var doc = Bytes(Open("TH"));
        Assert.That(store.TryUpdate("th.policy.json", doc, FakeVerifier.Sign("TH", doc), Now).IsAccepted, Is.True);
        current = store.Current;
        return store;
    }

    /// <summary>A keyed-hash stand-in for the country policy keys, so store behaviour is tested apart from the signature scheme.</summary>
    private sealed class FakeVerifier : IPolicySignatureVerifier
    {
        public static byte[] Sign(string country, byte[] document) => HMACSHA256.HashData(Encoding.ASCII.GetBytes("key-" + country), document);

        public bool Verify(CountryCode country, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at, out string? reason)
        {
            var ok = CryptographicOperations.FixedTimeEquals(Sign(country.Value, document.ToArray()), signature);
            reason = ok ? null : "signature mismatch";
            return ok;
        }
    }
}
