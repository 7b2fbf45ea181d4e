using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.Storage;

namespace LocalSail.Server.Tests.ControlPlane.Operations;

/// <summary>
/// GetBucketAccessKeys' lists: read every time from a store of this process alone; on a shared store kept under the
/// control plane's version, and never for longer than the last-use flush interval.
/// </summary>
public sealed class AccessKeyListingTests
{
    private static readonly ResourceScope Scope = new("111122223333", "us-east-1");

    private static readonly BucketRecord Photos = new()
    {
        Id = "id",
        Name = "photos",
        Scope = Scope,
        BundleId = "small_1_0",
        CreatedAt = DateTimeOffset.UnixEpoch,
        SupportCode = "support",
    };

    private IReadOnlyList<AccessKeyRecord> _keys = [Key("AKIAPHOTOSPHOTOS0001")];
    private BucketRecord? _bucket = Photos;

    private static AccessKeyRecord Key(string id) =>
        new() { AccessKeyId = id, BucketName = "photos", Scope = Scope, SecretAccessKey = string.Empty, CreatedAt = DateTimeOffset.UnixEpoch };

    private (AccessKeyListing Listing, ScriptedControlPlaneStore Script) Listing(ControlPlaneChanges changes)
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findBucket: _ => _bucket, listKeys: _ => _bucket is null ? [] : _keys);
        return (new AccessKeyListing(store, changes), script);
    }

    // The ids listed, or "no bucket".
    private static async Task<string> IdsAsync(AccessKeyListing listing) =>
        await listing.ListAsync(Scope, "photos", CancellationToken.None) is { } keys ? string.Join(',', keys.Select(k => k.AccessKeyId)) : "no bucket";

    [Fact]
    public async Task On_a_store_of_this_process_alone_every_call_reads_the_store()
    {
        var (listing, script) = Listing(new ControlPlaneChanges());

        await IdsAsync(listing);
        _keys = [];

        Assert.Equal(string.Empty, await IdsAsync(listing));
        _bucket = null;
        Assert.Equal("no bucket", await IdsAsync(listing));
        Assert.Equal(5, script.Lookups);
    }

    [Fact]
    public async Task On_a_shared_store_a_list_is_kept_while_the_version_holds_and_read_again_once_it_changed()
    {
        var version = new ScriptedVersionSource { Version = 1 };
        var (listing, script) = Listing(ScriptedVersionSource.SharedChanges(version));
        Assert.Equal("AKIAPHOTOSPHOTOS0001", await IdsAsync(listing));
        Assert.Equal("AKIAPHOTOSPHOTOS0001", await IdsAsync(listing));
        Assert.Equal(1, script.Lookups);

        // Another node creates a key, then deletes the bucket: each commit changed the version.
        _keys = [_keys[0], Key("AKIAPHOTOSPHOTOS0002")];
        version.Version = 2;
        Assert.Equal("AKIAPHOTOSPHOTOS0001,AKIAPHOTOSPHOTOS0002", await IdsAsync(listing));
        _bucket = null;
        version.Version = 3;
        Assert.Equal("no bucket", await IdsAsync(listing));
    }

    [Fact]
    public async Task On_a_shared_store_a_list_is_read_again_after_the_flush_interval_for_the_last_uses_other_nodes_write()
    {
        var version = new ScriptedVersionSource { Version = 1 };
        var (listing, script) = Listing(ScriptedVersionSource.SharedChanges(version));
        await IdsAsync(listing);

        await Task.Delay(AccessKeyUsageTracker.FlushInterval + TimeSpan.FromMilliseconds(50));
        await IdsAsync(listing);

        Assert.Equal(2, script.Lookups);
    }
}
