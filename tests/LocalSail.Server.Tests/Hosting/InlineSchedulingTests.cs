using Amazon.S3.Model;
using LocalSail.Server.Hosting;
using LocalSail.Server.Tests.DataPlane.EndToEnd;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>
/// A server that runs every request on the thread that reads its socket (as <c>Auto</c> does on one CPU)
/// still serves both APIs: nothing on the request path may block waiting for that same thread.
/// </summary>
public sealed class InlineSchedulingTests
{
    [Fact]
    public async Task Both_apis_work_when_requests_run_inline()
    {
        await using var server = await S3TestServer.StartAsync(options => options.Scheduling = RequestScheduling.Inline);
        var bucket = await server.CreateBucketAsync("inline-sched");
        var key = await server.CreateKeyAsync(bucket);
        using var s3 = server.S3Client(key);
        var small = new byte[1024];
        var large = new byte[600 * 1024];
        new Random(1).NextBytes(small);
        new Random(2).NextBytes(large);

        // Eight at a time, so that requests queue on the socket thread and writes share commits.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"k{i}",
            InputStream = new MemoryStream(i == 0 ? large : small),
        })));

        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"k{i}"), listed.S3Objects.Select(o => o.Key));
        using var got = await s3.GetObjectAsync(bucket, "k0");
        using var body = new MemoryStream();
        await got.ResponseStream.CopyToAsync(body);
        Assert.Equal(large, body.ToArray());
        var keys = await server.Lightsail.CallOkAsync("GetBucketAccessKeys", $$"""{"bucketName":"{{bucket}}"}""");
        Assert.Equal(key.AccessKeyId, keys.GetProperty("accessKeys")[0].GetProperty("accessKeyId").GetString());
    }
}
