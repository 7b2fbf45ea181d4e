using System.Text.Json;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Tests.Storage.Objects;

/// <summary>A deleted bucket's contents are removed even when the process dies between the delete and the purge.</summary>
public sealed class BucketPurgerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localsail-purge-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Contents_of_a_bucket_deleted_just_before_a_crash_are_removed_at_the_next_start()
    {
        string bucketId;
        await using (var first = await RunningServer.StartAsync(_directory, configureServices: services => services.AddSingleton<IBucketContents, CrashBeforePurge>()))
        {
            bucketId = await FillBucketAsync(first, "crashed");
            using var lightsail = new LightsailCaller(first.Endpoint, first.RootCredentials);
            await lightsail.CallOkAsync("DeleteBucket", """{"bucketName":"crashed","forceDelete":true}""");

            Assert.NotEmpty(BlobFiles(bucketId));
            Assert.NotEqual(0, CountRows(bucketId));
        }

        await using var second = await RunningServer.StartAsync(_directory);
        await second.GetService<BucketPurger>().StartSweepCompleted;

        Assert.Empty(BlobFiles(bucketId));
        Assert.Equal(0, CountRows(bucketId));
        Assert.Empty(await second.GetService<IControlPlaneStore>().ListDeletedBucketsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Contents_left_with_no_bucket_at_all_are_removed_at_the_next_start()
    {
        string bucketId;
        await using (var first = await RunningServer.StartAsync(_directory))
        {
            bucketId = await FillBucketAsync(first, "leaked");
        }

        // What a crash left before deletes were recorded: the bucket's row gone, its contents still there.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "localsail.db")};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM buckets WHERE id = $id";
            delete.Parameters.AddWithValue("$id", bucketId);
            Assert.Equal(1, delete.ExecuteNonQuery());
        }

        await using var second = await RunningServer.StartAsync(_directory);
        await second.GetService<BucketPurger>().StartSweepCompleted;

        Assert.Empty(BlobFiles(bucketId));
        Assert.Equal(0, CountRows(bucketId));
    }

    [Fact]
    public async Task A_live_bucket_is_never_adopted_as_deleted()
    {
        string bucketId;
        await using (var first = await RunningServer.StartAsync(_directory))
        {
            bucketId = await FillBucketAsync(first, "alive");
        }

        await using var second = await RunningServer.StartAsync(_directory);
        await second.GetService<BucketPurger>().StartSweepCompleted;

        Assert.NotEmpty(BlobFiles(bucketId));
        Assert.Equal(4, CountRows(bucketId));
        using var raw = new RawS3Client(second.Endpoint);
        Assert.Equal(200, (await raw.SendAsync(HttpMethod.Get, $"{second.EndpointUrl}/alive/file", second.RootCredentials)).Status);
    }

    /// <summary>A bucket with an inline object, a file-backed object and an open multipart upload with a part; its id.</summary>
    private static async Task<string> FillBucketAsync(RunningServer server, string bucket)
    {
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = bucket, bundleId = "small_1_0" }));
        using var s3 = new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(server.RootCredentials.AccessKeyId, server.RootCredentials.SecretAccessKey),
            new Amazon.S3.AmazonS3Config { ServiceURL = server.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "inline", ContentBody = "small" });
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "file", InputStream = new MemoryStream(new byte[200_000]) });
        var upload = await s3.InitiateMultipartUploadAsync(bucket, "parts");
        await s3.UploadPartAsync(new Amazon.S3.Model.UploadPartRequest { BucketName = bucket, Key = "parts", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100_000]) });
        return (await server.GetService<IControlPlaneStore>().FindBucketAsync(bucket, CancellationToken.None))!.Id;
    }

    private IEnumerable<string> BlobFiles(string bucketId)
    {
        var directory = Path.Combine(_directory, "objects", bucketId);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>Object versions and uploads of the bucket, and parts of its uploads.</summary>
    private long CountRows(string bucketId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "localsail.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM s3_objects WHERE bucket_id = $id) + (SELECT COUNT(*) FROM s3_uploads WHERE bucket_id = $id) " +
            "+ (SELECT COUNT(*) FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket_id = $id))";
        count.Parameters.AddWithValue("$id", bucketId);
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Contents as a process killed right after the delete's commit leaves them: untouched.</summary>
    private sealed class CrashBeforePurge(IObjectMetadataStore metadata) : IBucketContents
    {
        public Task<BucketUsage> GetUsageAsync(BucketRecord bucket, CancellationToken cancellationToken) => metadata.GetUsageAsync(bucket.Id, cancellationToken);

        public Task PurgeAsync(BucketRecord bucket, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
