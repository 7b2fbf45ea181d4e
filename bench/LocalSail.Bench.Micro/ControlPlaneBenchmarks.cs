using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Bench.Micro;

/// <summary>
/// The work behind GetBucketAccessKeys and GetBuckets past authentication: the metadata queries on the
/// SQLite store (one bucket with two keys, in an account of 1,000 buckets), the model's part (an input
/// validated against its shape and read, a JSON answer written) and the whole endpoint for one signed
/// GetBucketAccessKeys.
/// </summary>
[MemoryDiagnoser]
public class ControlPlaneBenchmarks
{
    private static readonly ResourceScope Scope = new("123456789012", "us-east-1");
    private static readonly byte[] CreateBucketBody =
        """{"bucketName":"bench-data","bundleId":"small_1_0","tags":[{"key":"team","value":"storage"}],"enableObjectVersioning":true}"""u8.ToArray();

    private static readonly byte[] MetricDataBody =
        """{"bucketName":"bench-data","metricName":"BucketSizeBytes","startTime":1700000000,"endTime":1700086400.5,"period":3600,"statistics":["Sum","Average"],"unit":"Bytes"}"""u8.ToArray();

    private string _directory = "";
    private SqliteDatabase _database = null!;
    private SecretProtector _secrets = null!;
    private SqliteControlPlaneStore _store = null!;
    private GetBucketAccessKeysResponse _accessKeys = null!;
    private GetBucketsResponse _bucketsPage = null!;
    private ServiceProvider _services = null!;
    private LightsailEndpoint _endpoint = null!;
    private DefaultHttpContext _accessKeysCall = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("localsail-micro-").FullName;
        _database = new SqliteDatabase(Path.Combine(_directory, "localsail.db"), durable: true, [ControlPlaneMigrations.Initial], NullLogger<SqliteDatabase>.Instance);
        _secrets = SecretProtector.Ephemeral();
        _store = new SqliteControlPlaneStore(_database, _secrets, new ControlPlaneChanges());
        var now = SignedRequests.Now;
        for (var i = 0; i < 1000; i++)
        {
            var name = i == 0 ? "bench-data" : $"bench-many-{i:D4}";
            var bucket = new BucketRecord { Id = Guid.NewGuid().ToString(), Name = name, Scope = Scope, BundleId = "small_1_0", CreatedAt = now, SupportCode = "bench/" + name };
            await _store.CreateBucketAsync(bucket, WireMapping.NewOperation(Scope, name, "CreateBucket", now), CancellationToken.None);
        }

        for (var k = 0; k < 2; k++)
        {
            var key = new AccessKeyRecord { AccessKeyId = $"AKIABENCHKEY{k:D8}", BucketName = "bench-data", Scope = Scope, SecretAccessKey = "secret-" + k, CreatedAt = now };
            await _store.CreateAccessKeyAsync(key, 2, WireMapping.NewOperation(Scope, "bench-data", "CreateBucketAccessKey", now), CancellationToken.None);
        }

        _accessKeys = new GetBucketAccessKeysResponse
        {
            AccessKeys = (await _store.ListAccessKeysAsync(Scope, "bench-data", CancellationToken.None))
                .Select(k => new AccessKey { AccessKeyId = k.AccessKeyId, Status = StatusType.FromWireName(k.Status), CreatedAt = k.CreatedAt })
                .ToList(),
        };

        var endpoint = new Uri("http://127.0.0.1:4570/");
        _bucketsPage = new GetBucketsResponse
        {
            Buckets = (await _store.ListBucketsAsync(Scope, null, GetBuckets.PageSize, CancellationToken.None)).Select(b => WireMapping.ToWire(b, endpoint, now)).ToList(),
            NextPageToken = "bmV4dA",
        };

        // The whole endpoint, wired as the server wires it, on a store of its own with the same bucket and keys.
        var options = new LocalSailOptions
        {
            DataDirectory = Path.Combine(_directory, "endpoint"),
            AccessKeyId = SignedRequests.Key.AccessKeyId,
            SecretAccessKey = SignedRequests.Key.SecretAccessKey,
            AccountId = Scope.AccountId,
        };
        _services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(new FixedTime(now)).AddLocalSail(options).BuildServiceProvider();
        _endpoint = _services.GetRequiredService<LightsailEndpoint>();
        var store = _services.GetRequiredService<IControlPlaneStore>();
        await store.CreateBucketAsync(
            new BucketRecord { Id = Guid.NewGuid().ToString(), Name = "bench-data", Scope = Scope, BundleId = "small_1_0", CreatedAt = now, SupportCode = "bench/bench-data" },
            WireMapping.NewOperation(Scope, "bench-data", "CreateBucket", now),
            CancellationToken.None);
        for (var k = 0; k < 2; k++)
        {
            var key = new AccessKeyRecord { AccessKeyId = $"AKIABENCHKEY{k:D8}", BucketName = "bench-data", Scope = Scope, SecretAccessKey = "secret-" + k, CreatedAt = now };
            await store.CreateAccessKeyAsync(key, 2, WireMapping.NewOperation(Scope, "bench-data", "CreateBucketAccessKey", now), CancellationToken.None);
        }

        _accessKeysCall = SignedRequests.Lightsail("GetBucketAccessKeys", SignedRequests.AccessKeysBody);
        if (await EndpointGetBucketAccessKeys() != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException("The endpoint benchmark's request does not succeed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _database.Dispose();
        _secrets.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "store: access keys of a bucket")]
    public async Task<int> ListAccessKeys() => (await _store.ListAccessKeysAsync(Scope, "bench-data", CancellationToken.None)).Count;

    [Benchmark(Description = "store: access key by id (authentication)")]
    public async Task<bool> FindAccessKey() => await _store.FindAccessKeyAsync("AKIABENCHKEY00000001", CancellationToken.None) is not null;

    [Benchmark(Description = "store: a page of 101 buckets of 1,000")]
    public async Task<int> ListBuckets() => (await _store.ListBucketsAsync(Scope, null, GetBuckets.PageSize + 1, CancellationToken.None)).Count;

    [Benchmark(Description = "JSON: GetBucketAccessKeys answer")]
    public byte[] SerializeAccessKeys() => JsonSerializer.SerializeToUtf8Bytes(_accessKeys, LightsailJsonContext.Default.GetBucketAccessKeysResponse);

    [Benchmark(Description = "JSON: GetBuckets answer (a page of 100)")]
    public byte[] SerializeBucketsPage() => JsonSerializer.SerializeToUtf8Bytes(_bucketsPage, LightsailJsonContext.Default.GetBucketsResponse);

    [Benchmark(Description = "model: CreateBucket input validated and read")]
    public object? ReadCreateBucket() => ValidateAndRead(CreateBucketBody, LightsailShapes.CreateBucketRequest, LightsailJsonContext.Default.CreateBucketRequest);

    [Benchmark(Description = "model: GetBucketMetricData input validated and read")]
    public object? ReadGetBucketMetricData() => ValidateAndRead(MetricDataBody, LightsailShapes.GetBucketMetricDataRequest, LightsailJsonContext.Default.GetBucketMetricDataRequest);

    [Benchmark(Description = "endpoint: GetBucketAccessKeys, signed request to JSON answer")]
    public async Task<int> EndpointGetBucketAccessKeys()
    {
        _accessKeysCall.Request.Body.Position = 0;
        _accessKeysCall.Response.Body = Stream.Null;
        await _endpoint.HandleAsync(_accessKeysCall);
        return _accessKeysCall.Response.StatusCode;
    }

    /// <summary>What the endpoint and the operation do with an input: parse, validate against the shape, read the request.</summary>
    private static T? ValidateAndRead<T>(byte[] body, Shape shape, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var document = JsonDocument.Parse(body);
        return ShapeValidator.Validate(document.RootElement, shape) is null ? document.RootElement.Deserialize(type) : default;
    }
}
