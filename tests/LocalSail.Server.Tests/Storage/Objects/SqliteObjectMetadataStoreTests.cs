using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Server.Tests.Objects;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

/// <summary>The SQLite store, and the object service's changes applied by it.</summary>
public sealed class SqliteObjectMetadataStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-meta-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteObjectMetadataStore _store;
    private readonly RecordingBlobStore _blobs = new();
    private readonly ObjectService _objects;
    private readonly DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public SqliteObjectMetadataStoreTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: false, [ControlPlaneMigrations.Initial, ObjectStoreMigrations.Objects, ObjectStoreMigrations.InlineData, ObjectStoreMigrations.Encryption], NullLogger<SqliteDatabase>.Instance);
        _store = new SqliteObjectMetadataStore(_database);
        _objects = new ObjectService(_store, _blobs, NullLogger<ObjectService>.Instance);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

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

    [Theory]
    [InlineData(SqliteObjectMetadataStore.ListFromSql)]
    [InlineData(SqliteObjectMetadataStore.ListAfterSql)]
    public void Listing_is_one_range_scan_of_the_key_index(string sql)
    {
        using var connection = _database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "EXPLAIN QUERY PLAN " + sql);
        foreach (var name in new[] { "$bucket", "$lower", "$end", "$limit" })
        {
            command.Parameters.AddWithValue(name, "x");
        }

        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        // One lower and one upper bound on the key: the seek lands on the page's first row.
        var step = Assert.Single(plan);
        Assert.Contains("USING INDEX s3_objects_listing (bucket_id=? AND key>? AND key<?)", step);
        Assert.DoesNotContain("TEMP B-TREE", step);
        Assert.Single(sql.Split("key >", StringSplitOptions.None).Skip(1));
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

    [Theory]
    [InlineData("a/", "a0")]
    [InlineData("abc", "abd")]
    [InlineData("", null)]
    public void PrefixEndIsTheFirstKeyPastThePrefix(string prefix, string? end) => Assert.Equal(end, KeyOrder.PrefixEnd(prefix));
}
