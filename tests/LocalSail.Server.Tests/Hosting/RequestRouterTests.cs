using System.Collections.Concurrent;
using Amazon.S3.Model;
using LocalSail.Server.Hosting;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>Which API answers a request: only a <c>POST /</c> with an <c>X-Amz-Target</c> is Lightsail's.</summary>
public sealed class RequestRouterTests
{
    [Fact]
    public async Task An_object_uploaded_with_the_Lightsail_content_type_is_stored_and_read_back_over_S3()
    {
        var (server, bucket, _, s3) = await S3TestServer.StartWithBucketAsync("route");
        await using (server)
        using (s3)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = "document.json",
                ContentBody = """{"bucketName":"not-a-lightsail-call"}""",
                ContentType = "application/x-amz-json-1.1",
            });

            using var read = await s3.GetObjectAsync(bucket, "document.json");
            using var reader = new StreamReader(read.ResponseStream);
            Assert.Equal("""{"bucketName":"not-a-lightsail-call"}""", await reader.ReadToEndAsync());
            Assert.Equal("application/x-amz-json-1.1", read.Headers.ContentType);
        }
    }

    [Fact]
    public async Task Observers_are_told_what_each_request_was()
    {
        var observer = new RecordingObserver();
        await using var server = await RunningServer.StartAsync(configureServices: services => services.AddSingleton<IRequestObserver>(observer));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"observed","bundleId":"small_1_0"}""");
        await lightsail.CallAsync("GetBuckets", """{"bucketName":"missing"}""");
        using var raw = new RawS3Client(server.Endpoint);
        await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/observed/no/such-key", server.RootCredentials);

        var seen = observer.Seen.ToArray();
        Assert.Equal(3, seen.Length);
        Assert.Equal((RequestApi.Lightsail, "CreateBucket", null, 200), (seen[0].Api, seen[0].Operation, seen[0].ErrorCode, seen[0].Status));
        Assert.Equal(server.RootCredentials.AccessKeyId, seen[0].AccessKeyId);
        Assert.Equal((RequestApi.Lightsail, "GetBuckets", "NotFoundException", 400), (seen[1].Api, seen[1].Operation, seen[1].ErrorCode, seen[1].Status));
        Assert.Equal((RequestApi.S3, "GetObject", "observed", "no/such-key", "NoSuchKey", 404), (seen[2].Api, seen[2].Operation, seen[2].Bucket, seen[2].Key, seen[2].ErrorCode, seen[2].Status));
        Assert.All(seen, s => Assert.False(string.IsNullOrEmpty(s.RequestId)));
    }

    private sealed record Observed(RequestApi Api, string? Operation, string? Bucket, string? Key, string? AccessKeyId, string? ErrorCode, string? RequestId, int Status);

    private sealed class RecordingObserver : IRequestObserver
    {
        public ConcurrentQueue<Observed> Seen { get; } = new();

        public void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed) =>
            Seen.Enqueue(new Observed(summary.Api, summary.Operation, summary.Bucket, summary.Key, summary.AccessKeyId, summary.ErrorCode, summary.RequestId, context.Response.StatusCode));
    }
}
