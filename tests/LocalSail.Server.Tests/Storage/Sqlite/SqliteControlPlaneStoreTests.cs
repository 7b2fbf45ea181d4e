using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Sqlite;

/// <summary>The SQLite control-plane store: typed bucket settings round trip, and every committed change a cache must forget is announced.</summary>
public sealed class SqliteControlPlaneStoreTests : IDisposable, IControlPlaneChangeObserver
{
    private static readonly ResourceScope Scope = new("111122223333", "us-east-1");
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
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

    private static BucketRecord Bucket(string name) => new()
    {
        Id = "id-" + name,
        Name = name,
        Scope = Scope,
        BundleId = "small_1_0",
        CreatedAt = Now,
        SupportCode = "support",
    };

    private static OperationRecord Operation(string bucket, string type) => WireMapping.NewOperation(Scope, bucket, type, Now);

    [Fact]
    public async Task Typed_settings_are_kept_as_they_were_set()
    {
        var bucket = Bucket("typed") with
        {
            Versioning = VersioningState.Suspended,
            AccessRules = new BucketAccessRules(ObjectAccess.Public, AllowPublicOverrides: true),
            AccessLog = new BucketAccessLog(true, "logs", "typed/"),
            CorsRules = [new CorsRule("rule-1", ["GET", "PUT"], ["https://example.com"], null, ["ETag"], 300)],
        };
        await _store.CreateBucketAsync(bucket, Operation("typed", "CreateBucket"), CancellationToken.None);

        var stored = (await _store.FindBucketAsync("typed", CancellationToken.None))!;

        Assert.Equal((VersioningState.Suspended, bucket.AccessRules, bucket.AccessLog), (stored.Versioning, stored.AccessRules, stored.AccessLog));
        var rule = Assert.Single(stored.CorsRules);
        Assert.Equal(("rule-1", 300, null), (rule.Id, rule.MaxAgeSeconds, rule.AllowedHeaders));
        Assert.Equal(["GET", "PUT"], rule.AllowedMethods!);
        Assert.Equal(["https://example.com"], rule.AllowedOrigins!);
        Assert.Equal(["ETag"], rule.ExposeHeaders!);
    }

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

    [Fact]
    public async Task Each_committed_change_of_a_bucket_or_its_keys_is_announced_and_nothing_else()
    {
        await _store.CreateBucketAsync(Bucket("watched"), Operation("watched", "CreateBucket"), CancellationToken.None);
        await _store.CreateBucketAsync(Bucket("watched"), Operation("watched", "CreateBucket"), CancellationToken.None);
        await _store.UpdateBucketAsync(Scope, "watched", b => new BucketChange(b with { Versioning = VersioningState.Enabled }, []), CancellationToken.None);
        await _store.UpdateBucketAsync(Scope, "watched", _ => BucketChange.Refuse("no"), CancellationToken.None);
        await _store.UpdateBucketAsync(Scope, "missing", b => new BucketChange(b, []), CancellationToken.None);
        foreach (var id in new[] { "AKIAWATCHEDWATCHED01", "AKIAWATCHEDWATCHED02" })
        {
            var key = new AccessKeyRecord { AccessKeyId = id, BucketName = "watched", Scope = Scope, SecretAccessKey = "secret", CreatedAt = Now };
            await _store.CreateAccessKeyAsync(key, 2, Operation("watched", "CreateBucketAccessKey"), CancellationToken.None);
        }

        await _store.DeleteAccessKeyAsync(Scope, "watched", "AKIAWATCHEDWATCHED01", Operation("watched", "DeleteBucketAccessKey"), CancellationToken.None);
        await _store.DeleteAccessKeyAsync(Scope, "watched", "AKIAWATCHEDWATCHED01", Operation("watched", "DeleteBucketAccessKey"), CancellationToken.None);
        await _store.DeleteBucketAsync(Scope, "watched", forceDelete: false, Operation("watched", "DeleteBucket"), CancellationToken.None);
        await _store.DeleteBucketAsync(Scope, "watched", forceDelete: true, Operation("watched", "DeleteBucket"), CancellationToken.None);
        await _store.DeleteBucketAsync(Scope, "watched", forceDelete: true, Operation("watched", "DeleteBucket"), CancellationToken.None);

        Assert.Equal(
            [
                (ControlPlaneChangeKind.BucketChanged, "watched", ""),
                (ControlPlaneChangeKind.BucketChanged, "watched", ""),
                (ControlPlaneChangeKind.AccessKeysDeleted, null, "AKIAWATCHEDWATCHED01"),
                (ControlPlaneChangeKind.BucketDeleted, "watched", "AKIAWATCHEDWATCHED02"),
            ],
            _announced.Select(c => (c.Kind, c.BucketName, string.Join(',', c.AccessKeyIds))));
    }
}
