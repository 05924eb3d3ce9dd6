using Broker.Bench.World;
using Broker.Policy.Signing;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Tests.World;

public sealed class BenchWorldTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Countries = ["TH", "RU", "MY", "SG"];

    [Test]
    public void Create_WithPolicies_RegistryListsTheAgenciesTheHubAndEachCountrysPolicyKey()
    {
        using var world = BenchRoute.CreateWorld(Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(world.Registry.Agencies.Select(a => a.Id.Value), Is.EquivalentTo(BenchRoute.Agencies));
            Assert.That(world.Registry.Hub.SigningKeys.Select(k => k.Key), Is.EqualTo(new[] { world.Hub.PublicKey }));
            Assert.That(world.Registry.Countries.Select(c => c.Country.Value), Is.EquivalentTo(Countries));
        }
    }

    [Test]
    public void Create_WithoutPolicies_RegistryHasNoCountries()
    {
        using var world = BenchWorld.Create(["BX-AGENCY00", "BX-AGENCY01"], Now);

        Assert.That((world.Registry.Countries.Count, world.Policies), Is.EqualTo((0, (BenchPolicies?)null)));
    }

    [Test]
    public void Alert_SealedBySender_VerifiesAndOpensForEachRecipient()
    {
        using var world = BenchRoute.CreateWorld(Now);

        var envelope = Envelope.Seal(world.Alert(BenchRoute.Recipients, "meth shipment"u8.ToArray(), Now), world[BenchRoute.Sender]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Envelope.TryVerify(envelope, world.Registry, Now, out _, out var reason), Is.True, reason.ToString());
            foreach (var recipient in BenchRoute.Recipients)
            {
                Assert.That(Envelope.TryOpen(envelope, world[recipient], world.Registry, Now, out _, out reason), Is.True, $"{recipient}: {reason}");
            }
        }
    }

    [Test]
    public void WriteTrustFiles_AsDeployed_RegistryLoadsUnderTheAnchorFileAndEveryPolicySignatureVerifies()
    {
        using var world = BenchRoute.CreateWorld(Now);
        var directory = Directory.CreateTempSubdirectory("bench-world-").FullName;
        try
        {
            var files = world.WriteTrustFiles(directory, agencyKeyFiles: true);

            var anchor = File.ReadAllBytes(files.Anchor);
            Assert.That(SigningPublicKey.TryCreate(anchor.AsSpan(0, SigningPublicKey.Ed25519Length), anchor.AsSpan(SigningPublicKey.Ed25519Length), out var anchorKey), Is.True);
            Assert.That(TrustRegistry.TryLoad(File.ReadAllBytes(files.Registry), anchorKey!, out var registry, out var reason), Is.True, reason.ToString());
            var verifier = new RegistryPolicySignatureVerifier(registry!);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(SigningKeyPair.FromSeed(File.ReadAllBytes(files.HubSeed)).PublicKey, Is.EqualTo(world.Hub.PublicKey));
                foreach (var country in Countries.Select(c => c.ToLowerInvariant()))
                {
                    var path = Path.Combine(files.Policies, $"{country}.policy.json");
                    Assert.That(PolicySignatures.TryDecodeFile(File.ReadAllBytes(path + PolicySignatures.FileSuffix), out var signature, out _), Is.True);
                    Assert.That(verifier.Verify(new CountryCode(country.ToUpperInvariant()), File.ReadAllBytes(path), signature, Now, out var why), Is.True, why);
                }

                Assert.That(AgencyKeys.TryImportProtected(File.ReadAllBytes(files.KeyFile(BenchRoute.Sender)), TrustFiles.Passphrase(BenchRoute.Sender), out var keys, out _), Is.True);
                Assert.That(keys?.Signing.PublicKey, Is.EqualTo(world[BenchRoute.Sender].Signing.PublicKey));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
