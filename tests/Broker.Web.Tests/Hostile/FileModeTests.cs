using System.Runtime.Versioning;
using Broker.Hosting.Storage;
using Broker.Hub.Claims;
using Broker.Web.Accounts;
using Broker.Web.Tests.Kit;

namespace Broker.Web.Tests.Hostile;

/// <summary>Database files are created owner-only (600), with their WAL companions, whatever the umask.</summary>
[UnsupportedOSPlatform("windows")]
[NonParallelizable]
public sealed class FileModeTests : ScratchFolderFixture
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public void Ensure_Missing_CreatesEmptyOwnerOnlyFileAndFolder()
    {
        var path = Path.Combine(Folder, "nested", "x.db");
        Assert.That(PrivateFiles.Ensure(path), Is.EqualTo(path));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(OwnerOnly));
            Assert.That(new FileInfo(path).Length, Is.Zero);
        }
    }

    [Test]
    public void Ensure_ExistingWorldReadableWithWal_Tightened()
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "old.db");
        File.WriteAllText(path, "x");
        File.WriteAllText(path + "-wal", "x");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(path + "-wal", OwnerOnly | UnixFileMode.OtherRead);
        PrivateFiles.Ensure(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(OwnerOnly));
            Assert.That(File.GetUnixFileMode(path + "-wal"), Is.EqualTo(OwnerOnly));
            Assert.That(File.ReadAllText(path), Is.EqualTo("x"), "content untouched");
        }
    }

    [Test]
    public void AccountStore_New_DatabaseAndWalOwnerOnly()
    {
        var path = Path.Combine(Folder, "accounts.db");
        var store = new AccountStore(path);
        store.RecordRead("a", "e", DateTimeOffset.UnixEpoch);
        Assert.That(Modes(), Has.All.EqualTo(OwnerOnly));
        Assert.That(Modes(), Has.Count.GreaterThanOrEqualTo(2), "the database and its WAL exist");
    }

    [Test]
    public async Task HubEnvelopeClaims_New_DatabaseAndWalOwnerOnly()
    {
        using (var claims = new SqliteEnvelopeClaims(Path.Combine(Folder, "claims.db")))
        {
            await claims.PurgeAsync(DateTimeOffset.UnixEpoch);
            Assert.That(Modes(), Has.All.EqualTo(OwnerOnly));
        }

        Assert.That(Modes(), Is.Not.Empty);
    }

    private List<UnixFileMode> Modes() => [.. Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Select(File.GetUnixFileMode)];
}
