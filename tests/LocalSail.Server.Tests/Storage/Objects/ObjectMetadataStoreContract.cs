using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Tests.Objects;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

/// <summary>
/// What every object metadata store does with the object service's changes, run against SQLite and PostgreSQL
/// alike, and between two nodes on one database: concurrent writes of one key leave one latest version.
/// </summary>
public abstract class ObjectMetadataStoreContract<TNodes> : IAsyncLifetime
    where TNodes : StoreNodes
{
    private readonly RecordingBlobStore _blobs = new();
    private readonly DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private TNodes _nodes = null!;
    private IObjectMetadataStore _store = null!;
    private ObjectService _objects = null!;

    protected abstract Task<TNodes> CreateNodesAsync();

    public async Task InitializeAsync()
    {
        _nodes = await CreateNodesAsync();
        _store = _nodes.OpenObjectMetadata();
        _objects = new ObjectService(_store, _blobs, NullLogger<ObjectService>.Instance);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private ObjectRecord Object(string key, string blob = "b", long size = 1) =>
        new() { BucketId = "bucket", Key = key, LastModified = _now, Blob = blob, Size = size, ETag = "e" };

    private async Task<ObjectRecord> PutAsync(ObjectRecord version, VersioningState versioning) =>
        (await _objects.PutAsync(versioning, version, WriteConditions.None, CancellationToken.None)).Version!;

    private Task<ObjectDeletion> DeleteAsync(string key, string? versionId, VersioningState versioning) =>
        _objects.DeleteAsync(versioning, "bucket", key, versionId, _now, CancellationToken.None);

    /// <summary>The blobs removed by what <paramref name="change"/> does.</summary>
    private async Task<string[]> BlobsRemovedByAsync(Func<Task> change)
    {
        _blobs.Deleted.Clear();
        await change();
        return [.. _blobs.Deleted];
    }

    [Fact]
    public async Task Unversioned_put_replaces_and_removes_the_old_blob()
    {
        await PutAsync(Object("k", "first"), VersioningState.Unversioned);
        var second = await BlobsRemovedByAsync(() => PutAsync(Object("k", "second"), VersioningState.Unversioned));
        Assert.Equal(new[] { "first" }, second);
        Assert.Equal("second", (await _store.FindAsync("bucket", "k", null, CancellationToken.None))!.Blob);

        var deleted = await BlobsRemovedByAsync(() => DeleteAsync("k", null, VersioningState.Unversioned));
        Assert.Equal(new[] { "second" }, deleted);
        Assert.Null(await _store.FindAsync("bucket", "k", null, CancellationToken.None));
    }

    [Fact]
    public async Task Versioned_writes_keep_every_version_and_delete_markers()
    {
        var v1 = await PutAsync(Object("k", "one"), VersioningState.Enabled);
        var v2 = await PutAsync(Object("k", "two"), VersioningState.Enabled);
        var marker = default(ObjectDeletion);
        Assert.Empty(await BlobsRemovedByAsync(async () => marker = await DeleteAsync("k", null, VersioningState.Enabled)));
        Assert.True(marker.IsDeleteMarker);

        Assert.True((await _store.FindAsync("bucket", "k", null, CancellationToken.None))!.IsDeleteMarker);
        Assert.Empty(await _store.ListAsync("bucket", "", "", null, 10, CancellationToken.None));
        var versions = await _store.ListVersionsAsync("bucket", "", "", null, null, 10, CancellationToken.None);
        Assert.Equal(new[] { marker.VersionId!, v2.VersionId, v1.VersionId }, versions.Select(v => v.VersionId).ToArray());

        await DeleteAsync("k", marker.VersionId, VersioningState.Enabled);
        var current = await _store.FindAsync("bucket", "k", null, CancellationToken.None);
        Assert.Equal(v2.VersionId, current!.VersionId);
        Assert.True(current.IsLatest);

        var removed = await BlobsRemovedByAsync(() => DeleteAsync("k", v1.VersionId, VersioningState.Enabled));
        Assert.Equal(new[] { "one" }, removed);
    }

    [Fact]
    public async Task Listing_honours_prefix_from_and_after()
    {
        foreach (var key in new[] { "a", "b/1", "b/2", "b/3", "c" })
        {
            await PutAsync(Object(key), VersioningState.Unversioned);
        }

        Assert.Equal(["b/1", "b/2", "b/3"], (await _store.ListAsync("bucket", "b/", "", null, 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["b/3"], (await _store.ListAsync("bucket", "b/", "", "b/2", 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["c"], (await _store.ListAsync("bucket", "", KeyOrder.PrefixEnd("b/")!, null, 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["a", "b/1"], (await _store.ListAsync("bucket", "", "", null, 2, CancellationToken.None)).Select(r => r.Key).ToArray());
    }

    [Fact]
    public async Task Usage_counts_objects_bytes_and_uploads_and_purge_removes_them()
    {
        await PutAsync(Object("a", size: 10), VersioningState.Unversioned);
        await PutAsync(Object("b", size: 5), VersioningState.Unversioned);
        await _store.CreateUploadAsync(new UploadRecord { UploadId = "u", BucketId = "bucket", Key = "m", Initiated = _now }, CancellationToken.None);
        Assert.Equal(new BucketUsage(2, 15, 1), await _store.GetUsageAsync("bucket", CancellationToken.None));

        await _store.PurgeAsync("bucket", CancellationToken.None);
        Assert.True((await _store.GetUsageAsync("bucket", CancellationToken.None)).IsEmpty);
    }

    [Fact]
    public async Task Inline_bytes_round_trip_for_single_object_reads_but_not_listings()
    {
        byte[] bytes = [1, 2, 3, 0, 255];
        var inline = Object("small", size: bytes.Length) with { Blob = null, InlineData = bytes };
        var written = await PutAsync(inline, VersioningState.Enabled);
        await PutAsync(Object("small", "file", size: 1), VersioningState.Enabled);

        var byVersion = await _store.FindAsync("bucket", "small", written.VersionId, CancellationToken.None);
        Assert.Equal(bytes, byVersion!.InlineData);
        Assert.Null(byVersion.Blob);
        var latest = await _store.FindAsync("bucket", "small", null, CancellationToken.None);
        Assert.Null(latest!.InlineData);
        Assert.Equal("file", latest.Blob);

        await PutAsync(Object("other", size: bytes.Length) with { Blob = null, InlineData = bytes }, VersioningState.Unversioned);
        Assert.Equal(bytes, (await _store.FindAsync("bucket", "other", null, CancellationToken.None))!.InlineData);

        var listed = await _store.ListAsync("bucket", "", "", null, 10, CancellationToken.None);
        Assert.Equal(["other", "small"], listed.Select(r => r.Key).ToArray());
        Assert.All(listed, r => Assert.Null(r.InlineData));
        var versions = await _store.ListVersionsAsync("bucket", "", "", null, null, 10, CancellationToken.None);
        Assert.Equal(3, versions.Count);
        Assert.All(versions, r => Assert.Null(r.InlineData));
        Assert.DoesNotContain("inline_data", SqliteObjectMetadataStore.ListFromSql, StringComparison.Ordinal);
        Assert.DoesNotContain("inline_data", SqliteObjectMetadataStore.ListAfterSql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_or_deleting_an_inline_object_leaves_no_blob_to_remove()
    {
        var inline = Object("k", size: 3) with { Blob = null, InlineData = [1, 2, 3] };
        await PutAsync(inline, VersioningState.Unversioned);
        var replaced = await BlobsRemovedByAsync(() => PutAsync(inline with { InlineData = [4, 5, 6] }, VersioningState.Unversioned));
        Assert.Empty(replaced);
        Assert.Equal(new BucketUsage(1, 3, 0), await _store.GetUsageAsync("bucket", CancellationToken.None));

        var deleted = default(ObjectDeletion);
        Assert.Empty(await BlobsRemovedByAsync(async () => deleted = await DeleteAsync("k", null, VersioningState.Unversioned)));
        Assert.True(deleted.Found);
    }

    [Fact]
    public async Task Uploads_and_parts_are_kept_listed_and_removed_with_their_blobs()
    {
        var upload = new UploadRecord { UploadId = "up-1", BucketId = "bucket", Key = "big", Initiated = _now, Headers = [new("Content-Type", "text/plain")], ChecksumAlgorithm = "CRC32" };
        await _store.CreateUploadAsync(upload, CancellationToken.None);
        await _store.CreateUploadAsync(upload with { UploadId = "up-2", Key = "other" }, CancellationToken.None);
        var part = new PartRecord { UploadId = "up-1", PartNumber = 1, Size = 5, ETag = "p1", LastModified = _now, Blob = "part-a", ChecksumValue = "c" };
        Assert.Equal((true, (string?)null), await _store.PutPartAsync(part, CancellationToken.None));
        Assert.Equal((true, "part-a"), await _store.PutPartAsync(part with { Blob = "part-b" }, CancellationToken.None));
        await _store.PutPartAsync(part with { PartNumber = 2, Blob = "part-c" }, CancellationToken.None);
        Assert.Equal((false, (string?)null), await _store.PutPartAsync(part with { UploadId = "absent" }, CancellationToken.None));

        var found = await _store.FindUploadAsync("bucket", "up-1", CancellationToken.None);
        Assert.Equal(("big", "CRC32", "text/plain"), (found!.Key, found.ChecksumAlgorithm, found.Headers.Single().Value));
        Assert.Equal(["part-b", "part-c"], (await _store.ListPartsAsync("up-1", 0, 10, CancellationToken.None)).Select(p => p.Blob).ToArray());
        Assert.Equal(new[] { 2 }, (await _store.ListPartsAsync("up-1", 1, 10, CancellationToken.None)).Select(p => p.PartNumber).ToArray());
        Assert.Equal(["up-1", "up-2"], (await _store.ListUploadsAsync("bucket", "", null, null, 10, CancellationToken.None)).Select(u => u.UploadId).ToArray());
        Assert.Equal(["up-2"], (await _store.ListUploadsAsync("bucket", "", "big", null, 10, CancellationToken.None)).Select(u => u.UploadId).ToArray());
        Assert.True(await _store.IsReferencedAsync("bucket", "part-c", CancellationToken.None));

        Assert.Null(await _store.RemoveUploadAsync("bucket", "other", "up-1", CancellationToken.None));
        Assert.Equal(["part-b", "part-c"], (await _store.RemoveUploadAsync("bucket", "big", "up-1", CancellationToken.None))!.Order().ToArray());
        Assert.Null(await _store.FindUploadAsync("bucket", "up-1", CancellationToken.None));
        Assert.False(await _store.IsReferencedAsync("bucket", "part-c", CancellationToken.None));
        Assert.Equal(["bucket"], await _store.ListBucketIdsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_encryption_of_an_object_and_of_an_upload_is_kept_and_read_with_it()
    {
        var server = new ObjectEncryption(EncryptionKind.Server, [1, 2, 3, 4]);
        var customer = new ObjectEncryption(EncryptionKind.Customer, [5, 6, 7], CustomerKeySalt: [8, 9], CustomerKeyHmac: [10, 11]);
        await PutAsync(Object("sealed") with { Encryption = server }, VersioningState.Unversioned);
        await PutAsync(Object("inline", size: 3) with { Blob = null, InlineData = [1, 2, 3], Encryption = customer }, VersioningState.Unversioned);
        await PutAsync(Object("plain"), VersioningState.Unversioned);
        await _store.CreateUploadAsync(new UploadRecord { UploadId = "up", BucketId = "bucket", Key = "big", Initiated = _now, Encryption = customer }, CancellationToken.None);

        Assert.Equal(server.Encode(), (await _store.FindAsync("bucket", "sealed", null, CancellationToken.None))!.Encryption?.Encode());
        Assert.Equal(customer.Encode(), (await _store.FindAsync("bucket", "inline", null, CancellationToken.None))!.Encryption?.Encode());
        Assert.Null((await _store.FindAsync("bucket", "plain", null, CancellationToken.None))!.Encryption);
        Assert.Equal(customer.Encode(), (await _store.FindUploadAsync("bucket", "up", CancellationToken.None))!.Encryption?.Encode());
    }

    [Fact]
    public async Task Versions_are_listed_by_key_then_newest_first_from_a_marker()
    {
        var a1 = await PutAsync(Object("a", "a1"), VersioningState.Enabled);
        var a2 = await PutAsync(Object("a", "a2"), VersioningState.Enabled);
        var b1 = await PutAsync(Object("b", "b1"), VersioningState.Enabled);

        var all = await _store.ListVersionsAsync("bucket", "", "", null, null, 10, CancellationToken.None);
        Assert.Equal([a2.VersionId, a1.VersionId, b1.VersionId], all.Select(v => v.VersionId).ToArray());
        var afterA2 = await _store.ListVersionsAsync("bucket", "", "", "a", all[0].Id, 10, CancellationToken.None);
        Assert.Equal([a1.VersionId, b1.VersionId], afterA2.Select(v => v.VersionId).ToArray());
        Assert.Equal([b1.VersionId], (await _store.ListVersionsAsync("bucket", "b", "", null, null, 10, CancellationToken.None)).Select(v => v.VersionId).ToArray());
        Assert.True(all[0].IsLatest && !all[1].IsLatest);
    }

    [Fact]
    public async Task Writes_of_one_key_racing_on_two_nodes_leave_one_latest_version_and_every_other_blob_removed()
    {
        var other = new ObjectService(_nodes.OpenObjectMetadata(), _blobs, NullLogger<ObjectService>.Instance);
        var writes = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
            (await (i % 2 == 0 ? _objects : other).PutAsync(VersioningState.Unversioned, Object("contended", $"blob-{i}"), WriteConditions.None, CancellationToken.None)).Version!)));

        var latest = await _store.FindAsync("bucket", "contended", null, CancellationToken.None);
        Assert.Contains(latest!.Blob, writes.Select(w => w.Blob));
        Assert.Single(await _store.ListVersionsAsync("bucket", "", "", null, null, 100, CancellationToken.None));
        Assert.Equal(writes.Length - 1, _blobs.Deleted.Count);
        Assert.DoesNotContain(latest.Blob!, _blobs.Deleted);
    }

    [Fact]
    public async Task A_conditional_create_racing_on_two_nodes_succeeds_once()
    {
        var other = new ObjectService(_nodes.OpenObjectMetadata(), _blobs, NullLogger<ObjectService>.Instance);
        var writes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _objects : other).PutAsync(VersioningState.Enabled, Object("once", $"blob-{i}"), new WriteConditions(null, WriteConditions.Any), CancellationToken.None))));

        Assert.Single(writes, w => w.Written);
        Assert.Single(await _store.ListVersionsAsync("bucket", "", "", null, null, 100, CancellationToken.None));
    }
}

public sealed class SqliteObjectMetadataStoreContractTests : ObjectMetadataStoreContract<SqliteStoreNodes>
{
    protected override Task<SqliteStoreNodes> CreateNodesAsync() => Task.FromResult(new SqliteStoreNodes());
}

public sealed class PostgresObjectMetadataStoreContractTests : ObjectMetadataStoreContract<PostgresStoreNodes>
{
    protected override Task<PostgresStoreNodes> CreateNodesAsync() => PostgresStoreNodes.CreateAsync();
}
