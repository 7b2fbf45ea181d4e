using LocalSail.Server.DataPlane;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.Storage;

namespace LocalSail.Server.Tests.DataPlane;

/// <summary>Buckets are cached for the S3 endpoint and forgotten when the control plane announces a change.</summary>
public sealed class BucketCacheTests
{
    private readonly ControlPlaneChanges _changes = new();
    private BucketRecord? _stored = Bucket(VersioningState.Unversioned);

    private static BucketRecord Bucket(VersioningState versioning) => new()
    {
        Id = "id",
        Name = "photos",
        Scope = new ResourceScope("111122223333", "us-east-1"),
        BundleId = "small_1_0",
        CreatedAt = DateTimeOffset.UnixEpoch,
        SupportCode = "support",
        Versioning = versioning,
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_changed_or_deleted_bucket_is_read_again(bool deleted)
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ => _stored);
        var cache = new BucketCache(store, _changes);
        Assert.Same(_stored, await cache.FindAsync("photos", CancellationToken.None));
        Assert.Same(_stored, await cache.FindAsync("photos", CancellationToken.None));
        Assert.Equal(1, script.Lookups);

        _stored = deleted ? null : Bucket(VersioningState.Enabled);
        _changes.Publish(deleted ? ControlPlaneChange.BucketDeleted("photos", []) : ControlPlaneChange.BucketChanged("photos"));

        Assert.Equal(_stored?.Versioning, (await cache.FindAsync("photos", CancellationToken.None))?.Versioning);
        Assert.Equal(2, script.Lookups);
    }

    [Fact]
    public async Task A_lookup_that_read_the_bucket_before_a_change_committed_does_not_keep_it()
    {
        var stale = _stored;
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ =>
        {
            _changes.Publish(ControlPlaneChange.BucketChanged("photos"));
            return stale;
        });
        var cache = new BucketCache(store, _changes);

        await cache.FindAsync("photos", CancellationToken.None);
        await cache.FindAsync("photos", CancellationToken.None);

        Assert.Equal(2, script.Lookups);
    }

    [Fact]
    public async Task A_change_to_another_bucket_or_to_keys_leaves_it_cached()
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ => _stored);
        var cache = new BucketCache(store, _changes);
        await cache.FindAsync("photos", CancellationToken.None);

        _changes.Publish(ControlPlaneChange.BucketChanged("other"));
        _changes.Publish(ControlPlaneChange.AccessKeysDeleted(["AKIAOTHEROTHEROTHER1"]));
        await cache.FindAsync("photos", CancellationToken.None);

        Assert.Equal(1, script.Lookups);
    }

    [Fact]
    public async Task With_a_store_other_processes_write_every_lookup_asks_the_store()
    {
        // Another node deletes the bucket: nothing is announced here, yet the very next lookup must not find it.
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ => _stored);
        var cache = new BucketCache(store, new ControlPlaneChanges { IsComplete = false });
        Assert.Same(_stored, await cache.FindAsync("photos", CancellationToken.None));

        _stored = null;

        Assert.Null(await cache.FindAsync("photos", CancellationToken.None));
        Assert.Equal(2, script.Lookups);
    }

    [Fact]
    public async Task With_a_shared_version_a_bucket_is_kept_while_the_version_holds_and_read_again_once_it_changed()
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ => _stored);
        var version = new ScriptedVersionSource { Version = 3 };
        var cache = new BucketCache(store, ScriptedVersionSource.SharedChanges(version));
        Assert.Same(_stored, await cache.FindAsync("photos", CancellationToken.None));
        Assert.Same(_stored, await cache.FindAsync("photos", CancellationToken.None));
        Assert.Equal(1, script.Lookups);

        // Another node changes the bucket, then deletes it: nothing is announced here, but each commit changed the version.
        _stored = Bucket(VersioningState.Enabled);
        version.Version = 4;
        Assert.Equal(VersioningState.Enabled, (await cache.FindAsync("photos", CancellationToken.None))!.Versioning);
        _stored = null;
        version.Version = 5;
        Assert.Null(await cache.FindAsync("photos", CancellationToken.None));

        Assert.Equal(3, script.Lookups);
    }
}
