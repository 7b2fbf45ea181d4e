using System.Globalization;
using BenchmarkDotNet.Attributes;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Bench.Micro;

/// <summary>
/// The object-metadata reads behind the S3 data plane's hottest requests, on the SQLite store: a
/// ListObjectsV2 page of 1,000 keys and the latest version of one key (GetObject, HeadObject). Both are
/// index seeks, so they should cost the same in a bucket of 1,000 objects and in one of 1,000,000.
/// </summary>
[MemoryDiagnoser]
public class DataPlaneMetadataBenchmarks
{
    private const string BucketId = "bench-bucket-id";
    private const int PageSize = 1000;

    private string _directory = "";
    private SqliteDatabase _database = null!;
    private SqliteObjectMetadataStore _store = null!;
    private string? _middlePageAfter;
    private string _middleKey = "";

    [Params(1_000, 1_000_000)]
    public int Objects { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("localsail-micro-").FullName;
        _database = new SqliteDatabase(
            Path.Combine(_directory, "localsail.db"), durable: false, [ObjectStoreMigrations.Objects, ObjectStoreMigrations.BlobIndexes, ObjectStoreMigrations.InlineData], NullLogger<SqliteDatabase>.Instance);
        _store = new SqliteObjectMetadataStore(_database);
        await FillAsync(Objects);

        // Two pages of 1,000 keys: the first one, and the 1,000 keys in the middle of the bucket (after a
        // start-after key half-way through). At 1,000 objects both are the whole bucket.
        var middle = (Objects - PageSize) / 2;
        _middlePageAfter = middle == 0 ? null : Key(middle - 1);
        _middleKey = Key(Objects / 2);

        var firstPage = await ListPage(after: null);
        var middlePage = await ListPage(_middlePageAfter);
        var record = await _store.FindAsync(BucketId, _middleKey, null, CancellationToken.None);
        if (firstPage.Contents.Count != PageSize || firstPage.Contents[0].Key != Key(0)
            || middlePage.Contents.Count != PageSize || middlePage.Contents[0].Key != Key(middle)
            || record?.Key != _middleKey)
        {
            throw new InvalidOperationException("The bucket was not filled as the benchmarks expect.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "ObjectLister: first page of 1,000 keys")]
    public async Task<int> ListFirstPage() => (await ListPage(after: null)).Contents.Count;

    [Benchmark(Description = "ObjectLister: page of 1,000 keys from the middle")]
    public async Task<int> ListMiddlePage() => (await ListPage(_middlePageAfter)).Contents.Count;

    [Benchmark(Description = "store: latest version of a key (GetObject)")]
    public async Task<long> GetLatestVersion() => (await _store.FindAsync(BucketId, _middleKey, null, CancellationToken.None))!.Size;

    /// <summary>ListObjectsV2 with no prefix or delimiter, max-keys=1000 and start-after <paramref name="after"/>.</summary>
    private Task<ListPage> ListPage(string? after) =>
        ObjectLister.ListAsync(_store, BucketId, prefix: string.Empty, delimiter: null, after, PageSize, CancellationToken.None);

    private static string Key(int i) => "k-" + i.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>
    /// The first object goes through <see cref="ObjectService.PutAsync"/> as an unversioned PUT; the
    /// rest are copies of its row under other keys, inserted with one prepared statement in batches of 100,000
    /// per transaction, because a transaction per PUT would make a million objects the longest part of the run.
    /// </summary>
    private async Task FillAsync(int count)
    {
        const int Batch = 100_000;
        var objects = new ObjectService(_store, new NoBlobs(), NullLogger<ObjectService>.Instance);
        await objects.PutAsync(VersioningState.Unversioned, Row(0), WriteConditions.None, CancellationToken.None);
        var template = (await _store.FindAsync(BucketId, Key(0), null, CancellationToken.None))!;
        for (var start = 1; start < count; start += Batch)
        {
            var end = Math.Min(count, start + Batch);
            await _database.WriteAsync((connection, transaction) =>
            {
                // Headers, ACL and tags are copied as stored, in the store's own encoding.
                using var insert = SqliteDatabase.Command(connection,
                    "INSERT INTO s3_objects (bucket_id, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, blob, headers, acl, tags) " +
                    "SELECT bucket_id, $key, version_id, 1, 0, $size, $etag, last_modified, $blob, headers, acl, tags FROM s3_objects WHERE id = $template",
                    transaction);
                insert.Parameters.AddWithValue("$template", template.Id);
                var key = insert.Parameters.Add("$key", SqliteType.Text);
                var size = insert.Parameters.Add("$size", SqliteType.Integer);
                var etag = insert.Parameters.Add("$etag", SqliteType.Text);
                var blob = insert.Parameters.Add("$blob", SqliteType.Text);
                insert.Prepare();
                for (var i = start; i < end; i++)
                {
                    var row = Row(i);
                    key.Value = row.Key;
                    size.Value = row.Size;
                    etag.Value = row.ETag;
                    blob.Value = row.Blob;
                    insert.ExecuteNonQuery();
                }

                return end - start;
            }, CancellationToken.None);
        }
    }

    private static ObjectRecord Row(int i) => new()
    {
        BucketId = BucketId,
        Key = Key(i),
        Size = 4096 + (i % 1024),
        ETag = i.ToString("x32", CultureInfo.InvariantCulture),
        LastModified = SignedRequests.Now,
        Blob = i.ToString("x16", CultureInfo.InvariantCulture),
        Headers = [new("Content-Type", "application/octet-stream")],
    };
}
