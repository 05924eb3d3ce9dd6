using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Keys;

public sealed class AgencyKeysTests
{
    // The cheapest cost a key file may declare keeps these tests fast; production files use AgencyKeys.DefaultCost.
    private static readonly Argon2Cost TestCost = new(8 * 1024, 1, 1);

    [Test]
    public void TryImportProtected_RightPassphrase_RestoresTheSameKeys()
    {
        using var keys = AgencyKeys.Generate(AgencyId.Parse("TH-ONCB"));
        var file = keys.ExportProtected("correct horse battery staple", TestCost);

        Assert.That(AgencyKeys.TryImportProtected(file, "correct horse battery staple", out var restored, out var reason), Is.True, reason.ToString());
        using (restored)
        using (Assert.EnterMultipleScope())
        {
            Assert.That(restored!.Agency, Is.EqualTo(keys.Agency));
            Assert.That(restored.Signing.PublicKey, Is.EqualTo(keys.Signing.PublicKey));
            Assert.That(restored.Encryption.PublicKey, Is.EqualTo(keys.Encryption.PublicKey));
        }
    }

    [Test]
    public void TryImportProtected_WrongPassphrase_RejectsWithWrongPassphrase()
    {
        using var keys = AgencyKeys.Generate(AgencyId.Parse("TH-ONCB"));
        var file = keys.ExportProtected("right", TestCost);

        Assert.That(AgencyKeys.TryImportProtected(file, "wrong", out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.WrongPassphrase));
    }

    [Test]
    public void TryImportProtected_FileDoesNotContainTheSeedsInClear()
    {
        using var keys = AgencyKeys.Generate(AgencyId.Parse("TH-ONCB"));
        var file = keys.ExportProtected("pass", TestCost);
        Assert.That(file.AsSpan().IndexOf(keys.Signing.Seed), Is.EqualTo(-1));
    }

    [Test]
    public void TryImportProtected_CostBeyondCap_RejectsWithKeyFileInvalid()
    {
        using var keys = AgencyKeys.Generate(AgencyId.Parse("TH-ONCB"));
        var file = keys.ExportProtected("pass", TestCost);
        // Patch the memory cost (first element of key 2, encoded 0x19 0x20 0x00 = 8192) to 0x1A 4 GiB, far over the cap.
        var at = file.AsSpan().IndexOf(new byte[] { 0x83, 0x19, 0x20, 0x00 });
        byte[] patched = [.. file.AsSpan(0, at + 1), 0x1A, 0x00, 0x40, 0x00, 0x00, .. file.AsSpan(at + 4)];
        Assert.That(AgencyKeys.TryImportProtected(patched, "pass", out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.KeyFileInvalid));
    }

    [Test]
    public void FromSeed_SameSeed_SameKeyIds()
    {
        var seed = new byte[32];
        using var a = SigningKeyPair.FromSeed(seed);
        using var b = SigningKeyPair.FromSeed(seed);
        using var c = EncryptionKeyPair.FromSeed(seed);
        Assert.That(a.Id, Is.EqualTo(b.Id));
        Assert.That(c.Id.ToString(), Has.Length.EqualTo(32));
    }
}
