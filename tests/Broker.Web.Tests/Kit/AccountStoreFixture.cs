namespace Broker.Web.Tests.Kit;

/// <summary>The unit tests over an account store: a fresh store path per test, pooled SQLite handles released after it.</summary>
public abstract class AccountStoreFixture
{
    protected string StorePath { get; private set; } = string.Empty;

    [SetUp]
    public void CreateStore() => StorePath = Path.Combine(Path.GetTempPath(), $"web-accounts-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteStore() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
