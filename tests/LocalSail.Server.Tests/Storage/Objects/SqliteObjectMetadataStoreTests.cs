using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

public sealed class SqliteObjectMetadataStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-meta-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteObjectMetadataStore _store;
    private readonly DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public SqliteObjectMetadataStoreTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: false, [ControlPlaneMigrations.Initial, ObjectStoreMigrations.Objects, ObjectStoreMigrations.InlineData], NullLogger<SqliteDatabase>.Instance);
        _store = new SqliteObjectMetadataStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private ObjectRecord Object(string key, string blob = "b", long size = 1) =>
        new() { BucketId = "bucket", Key = key, LastModified = _now, Blob = blob, Size = size, ETag = "e" };

    [Theory]
    [InlineData(SqliteObjectMetadataStore.ListFromSql)]
    [InlineData(SqliteObjectMetadataStore.ListAfterSql)]
    public void ListingIsOneRangeScanOfTheKeyIndex(string sql)
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
    public async Task UnversionedPutReplacesAndReturnsTheOldBlob()
    {
        await _store.PutAsync(Object("k", "first"), VersioningState.Unversioned, CancellationToken.None);
        var second = await _store.PutAsync(Object("k", "second"), VersioningState.Unversioned, CancellationToken.None);
        Assert.Equal(new[] { "first" }, second.UnreachableBlobs);
        Assert.Equal("second", (await _store.GetAsync("bucket", "k", null, CancellationToken.None))!.Blob);

        var deleted = await _store.DeleteAsync("bucket", "k", null, VersioningState.Unversioned, _now, CancellationToken.None);
        Assert.Equal(new[] { "second" }, deleted.UnreachableBlobs);
        Assert.Null(await _store.GetAsync("bucket", "k", null, CancellationToken.None));
    }

    [Fact]
    public async Task VersionedWritesKeepEveryVersionAndDeleteMarkers()
    {
        var v1 = (await _store.PutAsync(Object("k", "one"), VersioningState.Enabled, CancellationToken.None)).Record;
        var v2 = (await _store.PutAsync(Object("k", "two"), VersioningState.Enabled, CancellationToken.None)).Record;
        var marker = await _store.DeleteAsync("bucket", "k", null, VersioningState.Enabled, _now, CancellationToken.None);
        Assert.True(marker.IsDeleteMarker);
        Assert.Empty(marker.UnreachableBlobs);

        Assert.True((await _store.GetAsync("bucket", "k", null, CancellationToken.None))!.IsDeleteMarker);
        Assert.Empty(await _store.ListAsync("bucket", "", "", null, 10, CancellationToken.None));
        var versions = await _store.ListVersionsAsync("bucket", "", "", null, null, 10, CancellationToken.None);
        Assert.Equal(new[] { marker.VersionId!, v2.VersionId, v1.VersionId }, versions.Select(v => v.VersionId).ToArray());

        await _store.DeleteAsync("bucket", "k", marker.VersionId, VersioningState.Enabled, _now, CancellationToken.None);
        var current = await _store.GetAsync("bucket", "k", null, CancellationToken.None);
        Assert.Equal(v2.VersionId, current!.VersionId);
        Assert.True(current.IsLatest);

        var removed = await _store.DeleteAsync("bucket", "k", v1.VersionId, VersioningState.Enabled, _now, CancellationToken.None);
        Assert.Equal(new[] { "one" }, removed.UnreachableBlobs);
    }

    [Fact]
    public async Task ListingHonoursPrefixFromAndAfter()
    {
        foreach (var key in new[] { "a", "b/1", "b/2", "b/3", "c" })
        {
            await _store.PutAsync(Object(key), VersioningState.Unversioned, CancellationToken.None);
        }

        Assert.Equal(["b/1", "b/2", "b/3"], (await _store.ListAsync("bucket", "b/", "", null, 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["b/3"], (await _store.ListAsync("bucket", "b/", "", "b/2", 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["c"], (await _store.ListAsync("bucket", "", KeyOrder.PrefixEnd("b/")!, null, 10, CancellationToken.None)).Select(r => r.Key).ToArray());
        Assert.Equal(["a", "b/1"], (await _store.ListAsync("bucket", "", "", null, 2, CancellationToken.None)).Select(r => r.Key).ToArray());
    }

    [Fact]
    public async Task UsageCountsObjectsBytesAndUploadsAndPurgeRemovesThem()
    {
        await _store.PutAsync(Object("a", size: 10), VersioningState.Unversioned, CancellationToken.None);
        await _store.PutAsync(Object("b", size: 5), VersioningState.Unversioned, CancellationToken.None);
        await _store.CreateUploadAsync(new UploadRecord { UploadId = "u", BucketId = "bucket", Key = "m", Initiated = _now }, CancellationToken.None);
        Assert.Equal(new BucketUsage(2, 15, 1), await _store.GetUsageAsync("bucket", CancellationToken.None));

        await _store.PurgeAsync("bucket", CancellationToken.None);
        Assert.True((await _store.GetUsageAsync("bucket", CancellationToken.None)).IsEmpty);
    }

    [Fact]
    public async Task InlineBytesRoundTripForSingleObjectReadsButNotListings()
    {
        byte[] bytes = [1, 2, 3, 0, 255];
        var inline = Object("small", size: bytes.Length) with { Blob = null, InlineData = bytes };
        var written = await _store.PutAsync(inline, VersioningState.Enabled, CancellationToken.None);
        await _store.PutAsync(Object("small", "file", size: 1), VersioningState.Enabled, CancellationToken.None);

        var byVersion = await _store.GetAsync("bucket", "small", written.Record.VersionId, CancellationToken.None);
        Assert.Equal(bytes, byVersion!.InlineData);
        Assert.Null(byVersion.Blob);
        var latest = await _store.GetAsync("bucket", "small", null, CancellationToken.None);
        Assert.Null(latest!.InlineData);
        Assert.Equal("file", latest.Blob);

        await _store.PutAsync(Object("other", size: bytes.Length) with { Blob = null, InlineData = bytes }, VersioningState.Unversioned, CancellationToken.None);
        Assert.Equal(bytes, (await _store.GetAsync("bucket", "other", null, CancellationToken.None))!.InlineData);

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
    public async Task ReplacingOrDeletingAnInlineObjectLeavesNoBlobToRemove()
    {
        var inline = Object("k", size: 3) with { Blob = null, InlineData = [1, 2, 3] };
        await _store.PutAsync(inline, VersioningState.Unversioned, CancellationToken.None);
        var replaced = await _store.PutAsync(inline with { InlineData = [4, 5, 6] }, VersioningState.Unversioned, CancellationToken.None);
        Assert.Empty(replaced.UnreachableBlobs);
        Assert.Equal(new BucketUsage(1, 3, 0), await _store.GetUsageAsync("bucket", CancellationToken.None));

        var deleted = await _store.DeleteAsync("bucket", "k", null, VersioningState.Unversioned, _now, CancellationToken.None);
        Assert.True(deleted.Found);
        Assert.Empty(deleted.UnreachableBlobs);
    }

    [Theory]
    [InlineData("a/", "a0")]
    [InlineData("abc", "abd")]
    [InlineData("", null)]
    public void PrefixEndIsTheFirstKeyPastThePrefix(string prefix, string? end) => Assert.Equal(end, KeyOrder.PrefixEnd(prefix));
}
