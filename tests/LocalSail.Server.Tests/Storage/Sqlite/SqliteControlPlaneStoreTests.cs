using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static LocalSail.Server.Tests.Storage.StoredRecords;

namespace LocalSail.Server.Tests.Storage.Sqlite;

/// <summary>The SQLite control-plane store's own concerns (what every store must do is <see cref="Storage.ControlPlaneStoreContract{TNodes}"/>).</summary>
public sealed class SqliteControlPlaneStoreTests : IDisposable, IControlPlaneChangeObserver
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-control-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteControlPlaneStore _store;
    private readonly List<ControlPlaneChange> _announced = [];

    public SqliteControlPlaneStoreTests()
    {
        _database = new SqliteDatabase(
            Path.Combine(_directory, "test.db"), durable: false, [ControlPlaneMigrations.Initial, ControlPlaneMigrations.DeletedBuckets], NullLogger<SqliteDatabase>.Instance);
        var changes = new ControlPlaneChanges();
        changes.Observe(this);
        _store = new SqliteControlPlaneStore(_database, SecretProtector.Ephemeral(), changes);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change) => _announced.Add(change);

    [Fact]
    public async Task Settings_stored_as_Lightsail_JSON_by_earlier_versions_are_read()
    {
        await _store.CreateBucketAsync(Bucket("older"), Operation("older", "CreateBucket"), CancellationToken.None);
        await _database.WriteAsync((connection, transaction) =>
        {
            using var update = SqliteDatabase.Command(connection,
                "UPDATE buckets SET object_versioning = 'Enabled', get_object_access = 'public', " +
                "access_log_config = '{\"enabled\":false}', cors = '{\"rules\":[{\"allowedMethods\":[\"GET\"],\"allowedOrigins\":[\"*\"]}]}' WHERE name = 'older'",
                transaction);
            return update.ExecuteNonQuery();
        }, CancellationToken.None);

        var stored = (await _store.FindBucketAsync("older", CancellationToken.None))!;

        Assert.Equal((VersioningState.Enabled, true, BucketAccessLog.Disabled), (stored.Versioning, stored.IsPublic, stored.AccessLog));
        var rule = Assert.Single(stored.CorsRules);
        Assert.Equal((null, null), (rule.Id, rule.AllowedHeaders));
        Assert.Equal(["*"], rule.AllowedOrigins!);
    }
}
