namespace Broker.Web.Tests.Kit;

/// <summary>Tests that write files: a fresh folder path per test (not yet created), deleted after it with its SQLite handles released.</summary>
public abstract class ScratchFolderFixture
{
    protected string Folder { get; private set; } = string.Empty;

    [SetUp]
    public void CreateFolder() => Folder = Path.Combine(Path.GetTempPath(), $"web-scratch-{Guid.NewGuid():N}");

    [TearDown]
    public void DeleteFolder() => WebTestHost.DeleteFolder(Folder);
}
