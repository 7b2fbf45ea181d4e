using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Handlers;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Bench.Micro;

/// <summary>
/// The S3 data plane's CPU-only work around the store: deciding which operation a request is, and writing
/// the XML answers (a ListObjectsV2 page of 1,000 keys and an error document).
/// </summary>
[MemoryDiagnoser]
public class DataPlaneResponseBenchmarks
{
    private const string S3Host = "s3.localhost.localsail.dev";
    private const string RequestId = "00000ABCDEF01234";
    private const int PageSize = 1000;

    private static readonly BucketRecord Bucket = new()
    {
        Id = "bench-bucket-id",
        Name = "bench-list-1000",
        Scope = new ResourceScope("123456789012", "us-east-1"),
        BundleId = "small_1_0",
        CreatedAt = SignedRequests.Now,
        SupportCode = "bench/bench-list-1000",
    };

    private readonly IQueryCollection _noQuery = QueryCollection.Empty;
    private readonly IQueryCollection _listQuery = new QueryCollection(QueryHelpers.ParseQuery("?list-type=2&max-keys=1000&start-after=k-000012345"));
    private ListObjectsV2Handler _listHandler = null!;
    private S3RequestContext _listContext = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _listHandler = new ListObjectsV2Handler(new ObjectService(new OnePageStore(Bucket.Id, PageSize + 1), new NoBlobs(), NullLogger<ObjectService>.Instance));
        _listContext = ListRequest(new MemoryStream());
        var error = await _listHandler.HandleAsync(_listContext);
        var body = Encoding.UTF8.GetString(((MemoryStream)_listContext.Response.Body).ToArray());
        var entries = body.Split("<Contents>").Length - 1;
        if (error is not null || entries != PageSize || !body.Contains("<IsTruncated>true</IsTruncated>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The ListObjectsV2 answer is not the 1,000-key page the benchmark expects.");
        }

        // The measured answers go nowhere: the work is building and encoding the document, not copying it.
        _listContext = ListRequest(Stream.Null);
    }

    [Benchmark(Description = "classify: S3 GET object (path-style)")]
    public int ClassifyGetObject() =>
        (int)S3RequestClassifier.Classify("GET", "127.0.0.1:8080", "/bench-data/obj-4k", _noQuery, hasCopySource: false, S3Host).Operation;

    [Benchmark(Description = "classify: S3 GET object (virtual-hosted)")]
    public int ClassifyGetObjectVirtualHosted() =>
        (int)S3RequestClassifier.Classify("GET", "bench-data." + S3Host + ":8080", "/obj-4k", _noQuery, hasCopySource: false, S3Host).Operation;

    [Benchmark(Description = "classify: S3 ListObjectsV2")]
    public int ClassifyListObjects() =>
        (int)S3RequestClassifier.Classify("GET", "127.0.0.1:8080", "/bench-list-1000", _listQuery, hasCopySource: false, S3Host).Operation;

    [Benchmark(Description = "XML: ListObjectsV2 answer, 1,000 keys")]
    public async Task<bool> ListObjectsAnswer() => await _listHandler.HandleAsync(_listContext) is null;

    [Benchmark(Description = "XML: NoSuchKey error")]
    public byte[] ErrorAnswer() => S3ErrorWriter.Serialize(S3Error.NoSuchKey, "/bench-data/missing-key", RequestId);

    /// <summary>A ListObjectsV2 request for the whole first page, as the handler sees it after routing and authentication.</summary>
    private static S3RequestContext ListRequest(Stream responseBody)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Host = new HostString("127.0.0.1:8080");
        http.Request.Path = "/" + Bucket.Name;
        http.Request.QueryString = new QueryString("?list-type=2&max-keys=1000");
        http.Response.Body = responseBody;
        var route = new S3Route(S3Operation.ListObjectsV2, Bucket.Name, null, VirtualHosted: false);
        return new S3RequestContext(http, route, RequestId, SignedRequests.Now) { BucketRecord = Bucket };
    }

    /// <summary>
    /// Serves one listing from memory, so the handler's own work (the lister's pass over the rows, the XML
    /// and its UTF-8 bytes) is measured apart from SQLite, which <see cref="DataPlaneMetadataBenchmarks"/> covers.
    /// </summary>
    private sealed class OnePageStore(string bucketId, int count) : IObjectMetadataStore
    {
        private readonly IReadOnlyList<ObjectRecord> _records = Enumerable.Range(0, count)
            .Select(i => new ObjectRecord
            {
                Id = i + 1,
                BucketId = bucketId,
                Key = "k-" + i.ToString("D9", CultureInfo.InvariantCulture),
                Size = 4096 + (i % 1024),
                ETag = i.ToString("x32", CultureInfo.InvariantCulture),
                LastModified = SignedRequests.Now,
                Blob = i.ToString("x16", CultureInfo.InvariantCulture),
            })
            .ToList();

        public Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ObjectRecord>>(limit >= _records.Count ? _records : _records.Take(limit).ToList());

        public ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<TResult> ChangeKeyAsync<TState, TResult>(
            string bucketId, string key, TState state, Func<KeyVersions, TState, TResult> decide, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<UploadRecord?> FindUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>?> RemoveUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task PurgeAsync(string bucketId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
