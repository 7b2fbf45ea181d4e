using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using static LocalSail.Server.Tests.Storage.StoredRecords;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// What every control-plane store keeps true, run against SQLite and PostgreSQL alike: settings round trip, every
/// committed change is announced, and the invariants hold between nodes on one database (a name taken once, at
/// most two keys a bucket under racing creates, a key deleted on one node gone on the other).
/// </summary>
public abstract class ControlPlaneStoreContract<TNodes> : IAsyncLifetime, IControlPlaneChangeObserver
    where TNodes : StoreNodes
{
    private readonly List<ControlPlaneChange> _announced = [];
    private TNodes _nodes = null!;
    private IControlPlaneStore _store = null!;

    protected abstract Task<TNodes> CreateNodesAsync();

    public async Task InitializeAsync()
    {
        _nodes = await CreateNodesAsync();
        var (store, changes) = _nodes.OpenControlPlane();
        changes.Observe(this);
        _store = store;
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        lock (_announced)
        {
            _announced.Add(change);
        }
    }

    [Fact]
    public async Task Typed_settings_are_kept_as_they_were_set()
    {
        var bucket = Bucket("typed") with
        {
            Versioning = VersioningState.Suspended,
            AccessRules = new BucketAccessRules(ObjectAccess.Public, AllowPublicOverrides: true),
            AccessLog = new BucketAccessLog(true, "logs", "typed/"),
            CorsRules = [new CorsRule("rule-1", ["GET", "PUT"], ["https://example.com"], null, ["ETag"], 300)],
            Tags = [new BucketTag("team", "storage"), new BucketTag("bare", null)],
            ReadonlyAccessAccounts = ["444455556666"],
            BundleChangedAt = Now.AddDays(1),
        };
        Assert.Equal(CreateBucketOutcome.Created, await _store.CreateBucketAsync(bucket, Operation("typed", "CreateBucket"), CancellationToken.None));

        var stored = (await _store.FindBucketAsync("typed", CancellationToken.None))!;

        Assert.Equal((VersioningState.Suspended, bucket.AccessRules, bucket.AccessLog), (stored.Versioning, stored.AccessRules, stored.AccessLog));
        Assert.Equal((bucket.Id, bucket.CreatedAt, bucket.BundleChangedAt), (stored.Id, stored.CreatedAt, stored.BundleChangedAt));
        Assert.Equal(bucket.Tags, stored.Tags);
        Assert.Equal(["444455556666"], stored.ReadonlyAccessAccounts);
        var rule = Assert.Single(stored.CorsRules);
        Assert.Equal(("rule-1", 300, null), (rule.Id, rule.MaxAgeSeconds, rule.AllowedHeaders));
        Assert.Equal(["GET", "PUT"], rule.AllowedMethods!);
        Assert.Equal(["https://example.com"], rule.AllowedOrigins!);
        Assert.Equal(["ETag"], rule.ExposeHeaders!);
        Assert.Equal(stored, await _store.GetBucketAsync(Scope, "typed", CancellationToken.None), BucketComparer);
        Assert.Null(await _store.GetBucketAsync(Scope with { Region = "eu-west-1" }, "typed", CancellationToken.None));
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
            await _store.CreateAccessKeyAsync(Key("watched", id), 2, Operation("watched", "CreateBucketAccessKey"), CancellationToken.None);
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

    [Fact]
    public async Task Keys_operations_and_deleted_buckets_are_kept_and_listed()
    {
        await _store.CreateBucketAsync(Bucket("listed"), Operation("listed", "CreateBucket"), CancellationToken.None);
        Assert.Equal(CreateAccessKeyOutcome.Created, await _store.CreateAccessKeyAsync(Key("listed", "AKIALISTEDLISTED0001"), 2, Operation("listed", "CreateBucketAccessKey"), CancellationToken.None));
        Assert.Equal(CreateAccessKeyOutcome.BucketNotFound, await _store.CreateAccessKeyAsync(Key("absent", "AKIALISTEDLISTED0002"), 2, Operation("absent", "CreateBucketAccessKey"), CancellationToken.None));

        var found = await _store.FindAccessKeyAsync("AKIALISTEDLISTED0001", CancellationToken.None);
        Assert.Equal(("secret-of-AKIALISTEDLISTED0001", "listed", Scope), (found!.SecretAccessKey, found.BucketName, found.Scope));
        var listed = Assert.Single(await _store.ListAccessKeysAsync(Scope, "listed", CancellationToken.None));
        Assert.Equal((string.Empty, (AccessKeyUse?)null), (listed.SecretAccessKey, listed.LastUsed));

        var use = new AccessKeyUse(Now.AddMinutes(5), "us-east-1", "s3");
        await _store.RecordAccessKeyUseAsync([new("AKIALISTEDLISTED0001", use), new("AKIAGONEGONEGONE0001", use)], CancellationToken.None);
        await _store.RecordAccessKeyUseAsync([new("AKIALISTEDLISTED0001", use with { At = Now, ServiceName = "older" })], CancellationToken.None);
        Assert.Equal(use, (await _store.FindAccessKeyAsync("AKIALISTEDLISTED0001", CancellationToken.None))!.LastUsed);

        var operations = await _store.ListOperationsAsync(Scope, "listed", 0, 10, CancellationToken.None);
        Assert.Equal(["CreateBucketAccessKey", "CreateBucket"], operations.Select(o => o.OperationType).ToArray());
        Assert.Equal(operations[1], await _store.GetOperationAsync(Scope, operations[1].Id, CancellationToken.None));
        Assert.Single(await _store.ListOperationsAsync(Scope, null, 1, 1, CancellationToken.None));

        var bucket = (await _store.FindBucketAsync("listed", CancellationToken.None))!;
        var deleted = await _store.DeleteBucketAsync(Scope, "listed", forceDelete: true, Operation("listed", "DeleteBucket"), CancellationToken.None);
        Assert.Equal((DeleteBucketOutcome.Deleted, "AKIALISTEDLISTED0001"), (deleted.Outcome, string.Join(',', deleted.DeletedAccessKeyIds)));
        Assert.Null(await _store.FindAccessKeyAsync("AKIALISTEDLISTED0001", CancellationToken.None));
        Assert.Equal([bucket.Id], await _store.ListDeletedBucketsAsync(10, CancellationToken.None));
        await _store.RecordDeletedBucketAsync(bucket.Id, Now, CancellationToken.None);
        await _store.ForgetDeletedBucketAsync(bucket.Id, CancellationToken.None);
        Assert.Empty(await _store.ListDeletedBucketsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_bucket_name_raced_for_on_two_nodes_is_taken_once()
    {
        var (other, _) = _nodes.OpenControlPlane();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => (i % 2 == 0 ? _store : other).CreateBucketAsync(Bucket("raced"), Operation("raced", "CreateBucket"), CancellationToken.None))));

        Assert.Single(outcomes, o => o == CreateBucketOutcome.Created);
        Assert.Single(await _store.ListBucketsAsync(Scope, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Keys_created_at_once_on_two_nodes_are_never_more_than_two_a_bucket()
    {
        var (other, _) = _nodes.OpenControlPlane();
        for (var b = 0; b < 4; b++)
        {
            await _store.CreateBucketAsync(Bucket($"keys-{b}"), Operation($"keys-{b}", "CreateBucket"), CancellationToken.None);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? _store : other).CreateAccessKeyAsync(
                Key($"keys-{i % 4}", $"AKIARACE{i:D12}"), 2, Operation($"keys-{i % 4}", "CreateBucketAccessKey"), CancellationToken.None))));

        Assert.Equal(8, outcomes.Count(o => o == CreateAccessKeyOutcome.Created));
        for (var b = 0; b < 4; b++)
        {
            Assert.Equal(2, (await other.ListAccessKeysAsync(Scope, $"keys-{b}", CancellationToken.None)).Count);
        }
    }

    [Fact]
    public async Task What_one_node_commits_the_other_reads_at_once()
    {
        var (other, _) = _nodes.OpenControlPlane();
        await _store.CreateBucketAsync(Bucket("shared"), Operation("shared", "CreateBucket"), CancellationToken.None);
        await _store.CreateAccessKeyAsync(Key("shared", "AKIASHAREDSHARED0001"), 2, Operation("shared", "CreateBucketAccessKey"), CancellationToken.None);
        Assert.Equal("secret-of-AKIASHAREDSHARED0001", (await other.FindAccessKeyAsync("AKIASHAREDSHARED0001", CancellationToken.None))!.SecretAccessKey);

        Assert.True(await other.DeleteAccessKeyAsync(Scope, "shared", "AKIASHAREDSHARED0001", Operation("shared", "DeleteBucketAccessKey"), CancellationToken.None));
        Assert.Null(await _store.FindAccessKeyAsync("AKIASHAREDSHARED0001", CancellationToken.None));

        await other.UpdateBucketAsync(Scope, "shared", b => new BucketChange(b with { Versioning = VersioningState.Enabled }, []), CancellationToken.None);
        Assert.Equal(VersioningState.Enabled, (await _store.FindBucketAsync("shared", CancellationToken.None))!.Versioning);
    }

    private static readonly IEqualityComparer<BucketRecord?> BucketComparer =
        EqualityComparer<BucketRecord?>.Create((a, b) => a?.Id == b?.Id && a?.Name == b?.Name && a?.Scope == b?.Scope);
}

public sealed class SqliteControlPlaneStoreContractTests : ControlPlaneStoreContract<SqliteStoreNodes>
{
    protected override Task<SqliteStoreNodes> CreateNodesAsync() => Task.FromResult(new SqliteStoreNodes());
}

public sealed class PostgresControlPlaneStoreContractTests : ControlPlaneStoreContract<PostgresStoreNodes>
{
    protected override Task<PostgresStoreNodes> CreateNodesAsync() => PostgresStoreNodes.CreateAsync();
}
