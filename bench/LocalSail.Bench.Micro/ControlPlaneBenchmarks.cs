using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Bench.Micro;

/// <summary>
/// The work behind GetBucketAccessKeys and GetBuckets past authentication: the metadata queries on the
/// SQLite store (one bucket with two keys, in an account of 1,000 buckets) and the JSON answer.
/// </summary>
[MemoryDiagnoser]
public class ControlPlaneBenchmarks
{
    private static readonly ResourceScope Scope = new("123456789012", "us-east-1");
    private string _directory = "";
    private SqliteDatabase _database = null!;
    private SecretProtector _secrets = null!;
    private SqliteControlPlaneStore _store = null!;
    private GetBucketAccessKeysResult _accessKeys = null!;

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

        _accessKeys = new GetBucketAccessKeysResult(
            (await _store.ListAccessKeysAsync(Scope, "bench-data", CancellationToken.None))
                .Select(k => new AccessKey { AccessKeyId = k.AccessKeyId, Status = k.Status, CreatedAt = k.CreatedAt })
                .ToList());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
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
    public byte[] SerializeAccessKeys() => JsonSerializer.SerializeToUtf8Bytes(_accessKeys, LightsailJsonContext.Default.GetBucketAccessKeysResult);
}
