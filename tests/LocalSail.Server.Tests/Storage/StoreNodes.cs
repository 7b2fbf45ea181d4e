using LocalSail.Server.AccessLogs;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Postgres;
using LocalSail.Server.Storage.Postgres.Migrations;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// One database and any number of "nodes" on it: each node opens the database anew (its own connections, its own
/// change feed), as separate LocalSail processes would. The store contracts run against each kind.
/// </summary>
public abstract class StoreNodes : IAsyncDisposable
{
    private readonly SecretProtector _secrets = SecretProtector.Ephemeral();
    private readonly List<IDisposable> _opened = [];

    public abstract string Name { get; }

    internal (IControlPlaneStore Store, ControlPlaneChanges Changes) OpenControlPlane()
    {
        var changes = NewChanges();
        return (OpenControlPlane(_secrets, changes), changes);
    }

    /// <summary>A node's change feed, as the server makes it for this kind of store.</summary>
    internal abstract ControlPlaneChanges NewChanges();

    internal abstract IObjectMetadataStore OpenObjectMetadata();

    internal abstract IAccessLogJournal OpenAccessLogJournal();

    internal abstract IControlPlaneStore OpenControlPlane(SecretProtector secrets, ControlPlaneChanges changes);

    protected T Keep<T>(T disposable)
        where T : IDisposable
    {
        lock (_opened)
        {
            _opened.Add(disposable);
        }

        return disposable;
    }

    public virtual ValueTask DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            opened.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public override string ToString() => Name;
}

/// <summary>SQLite: one file, each node a database handle of its own (WAL, one writer at a time across them).</summary>
public sealed class SqliteStoreNodes : StoreNodes
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-contract-").FullName;

    public override string Name => "SQLite";

    internal override ControlPlaneChanges NewChanges() => new();

    private string DatabasePath => Path.Combine(_directory, "test.db");

    private SqliteDatabase OpenDatabase() => Keep(new SqliteDatabase(
        DatabasePath,
        durable: false,
        [ControlPlaneMigrations.Initial, ControlPlaneMigrations.DeletedBuckets, ObjectStoreMigrations.Objects, ObjectStoreMigrations.BlobIndexes, ObjectStoreMigrations.InlineData, ObjectStoreMigrations.Encryption, AccessLogMigrations.Journal],
        NullLogger<SqliteDatabase>.Instance));

    internal override IControlPlaneStore OpenControlPlane(SecretProtector secrets, ControlPlaneChanges changes) => new SqliteControlPlaneStore(OpenDatabase(), secrets, changes);

    internal override IObjectMetadataStore OpenObjectMetadata() => new SqliteObjectMetadataStore(OpenDatabase());

    internal override IAccessLogJournal OpenAccessLogJournal() => new SqliteAccessLogJournal(OpenDatabase());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>PostgreSQL: a fresh database of the test server, each node a data source of its own.</summary>
public sealed class PostgresStoreNodes : StoreNodes
{
    private readonly string _connection;

    private PostgresStoreNodes(string connection) => _connection = connection;

    public static async Task<PostgresStoreNodes> CreateAsync() => new(await (await PostgresServer.GetAsync()).CreateDatabaseAsync());

    public override string Name => "PostgreSQL";

    internal override ControlPlaneChanges NewChanges() => PostgresControlPlaneVersion.NodeChanges(OpenDatabase());

    internal PostgresDatabase OpenDatabase() => Keep(new PostgresDatabase(_connection, PostgresMigrations.All, NullLogger<PostgresDatabase>.Instance));

    internal override IControlPlaneStore OpenControlPlane(SecretProtector secrets, ControlPlaneChanges changes) => new PostgresControlPlaneStore(OpenDatabase(), secrets, changes);

    internal override IObjectMetadataStore OpenObjectMetadata() => new PostgresObjectMetadataStore(OpenDatabase());

    internal override IAccessLogJournal OpenAccessLogJournal() => new PostgresAccessLogJournal(OpenDatabase());
}
