using System.Text.Json;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>What the Lightsail API sees of stored objects: metrics, and DeleteBucket with and without forceDelete.</summary>
public sealed class LightsailSideTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private RawS3Client _raw = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _raw = new RawS3Client(_server.Server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_count_what_is_stored_and_DeleteBucket_needs_force_when_not_empty()
    {
        var bucket = await _server.CreateBucketAsync("metrics");
        var root = _server.Server.RootCredentials;
        await _raw.SendAsync(HttpMethod.Put, $"{_server.EndpointUrl}/{bucket}/a", root, new byte[1000]);
        await _raw.SendAsync(HttpMethod.Put, $"{_server.EndpointUrl}/{bucket}/b", root, new byte[234]);
        await _raw.SendAsync(HttpMethod.Post, $"{_server.EndpointUrl}/{bucket}/open?uploads", root);

        Assert.Equal(1234, await MetricAsync(bucket, "BucketSizeBytes", "Bytes"));
        Assert.Equal(2, await MetricAsync(bucket, "NumberOfObjects", "Count"));

        var refused = await _server.Lightsail.CallAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = bucket }));
        Assert.NotEqual(200, refused.Status);
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{bucket}/a", root)).Status);

        await _server.Lightsail.CallOkAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = bucket, forceDelete = true }));
        Assert.Equal("NoSuchBucket", (await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{bucket}/a", root)).ErrorCode);

        // The name can be taken again and the new bucket starts empty.
        await _server.Lightsail.CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = bucket, bundleId = "small_1_0" }));
        Assert.Equal("NoSuchKey", (await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{bucket}/a", root)).ErrorCode);
        Assert.Equal(0, await MetricAsync(bucket, "NumberOfObjects", "Count"));
        var objects = Path.Combine(_server.Server.DataDirectory, "objects");
        Assert.Empty(Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Emptied_bucket_can_be_deleted_without_force()
    {
        var bucket = await _server.CreateBucketAsync("emptied");
        var root = _server.Server.RootCredentials;
        await _raw.SendAsync(HttpMethod.Put, $"{_server.EndpointUrl}/{bucket}/a", root, new byte[10]);
        await _raw.SendAsync(HttpMethod.Delete, $"{_server.EndpointUrl}/{bucket}/a", root);
        await _server.Lightsail.CallOkAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = bucket }));
    }

    private async Task<double> MetricAsync(string bucket, string metric, string unit)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = await _server.Lightsail.CallOkAsync("GetBucketMetricData", JsonSerializer.Serialize(new
        {
            bucketName = bucket,
            metricName = metric,
            startTime = now - 86400 * 2,
            endTime = now + 60,
            period = 86400,
            statistics = new[] { "Maximum" },
            unit,
        }));
        return result.GetProperty("metricData")[0].GetProperty("maximum").GetDouble();
    }
}
