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

        // Observers are told once the answer is out, so the client can be ahead of the last one.
        var seen = await observer.WaitForAsync(count: 3);
        Assert.Equal(3, seen.Length);
        var created = Assert.Single(seen, s => s.Operation == "CreateBucket");
        Assert.Equal((RequestApi.Lightsail, null, 200), (created.Api, created.ErrorCode, created.Status));
        Assert.Equal(server.RootCredentials.AccessKeyId, created.AccessKeyId);
        var missing = Assert.Single(seen, s => s.Operation == "GetBuckets");
        Assert.Equal((RequestApi.Lightsail, "NotFoundException", 400, "missing"), (missing.Api, missing.ErrorCode, missing.Status, missing.Bucket));
        Assert.Equal("observed", created.Bucket);
        var read = Assert.Single(seen, s => s.Operation == "GetObject");
        Assert.Equal((RequestApi.S3, "observed", "no/such-key", "NoSuchKey", 404), (read.Api, read.Bucket, read.Key, read.ErrorCode, read.Status));
        Assert.All(seen, s => Assert.False(string.IsNullOrEmpty(s.RequestId)));
    }

    [Fact]
    public async Task Observers_are_told_the_key_and_access_key_a_POST_form_names()
    {
        var observer = new RecordingObserver();
        await using var server = await RunningServer.StartAsync(configureServices: services => services.AddSingleton<IRequestObserver>(observer));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CreateBucketAsync("posted");
        var key = await lightsail.CreateAccessKeyAsync("posted");
        using var raw = new RawS3Client(server.Endpoint);
        var content = new PostPolicyForm(key, "posted").With("key", "forms/observed.txt").Content();
        var body = await content.ReadAsByteArrayAsync();
        var reply = await raw.SendAsync(HttpMethod.Post, $"{server.EndpointUrl}/posted", null, body, new Dictionary<string, string> { ["Content-Type"] = content.Headers.ContentType!.ToString() });
        Assert.Equal(204, reply.Status);

        var posted = Assert.Single(await observer.WaitForAsync(count: 3), s => s.Operation == "PostObject");
        Assert.Equal((RequestApi.S3, "posted", "forms/observed.txt", key.AccessKeyId, null, 204), (posted.Api, posted.Bucket, posted.Key, posted.AccessKeyId, posted.ErrorCode, posted.Status));
    }

    private sealed record Observed(RequestApi Api, string? Operation, string? Bucket, string? Key, string? AccessKeyId, string? ErrorCode, string? RequestId, int Status);

    private sealed class RecordingObserver : IRequestObserver
    {
        private readonly ConcurrentQueue<Observed> _seen = new();
        private readonly SemaphoreSlim _told = new(0);

        public void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed)
        {
            _seen.Enqueue(new Observed(summary.Api, summary.Operation, summary.Bucket, summary.Key, summary.AccessKeyId, summary.ErrorCode, summary.RequestId, context.Response.StatusCode));
            _told.Release();
        }

        /// <summary>What was observed, once at least <paramref name="count"/> requests were (a minute at most, then the test fails).</summary>
        public async Task<Observed[]> WaitForAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _told.WaitAsync(TimeSpan.FromMinutes(1)), $"only {i} of {count} requests were observed");
            }

            return [.. _seen];
        }
    }
}
