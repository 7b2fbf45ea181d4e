using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using LocalSail.Testing;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>With <c>Verbose</c>, each request is one log line: API, operation, bucket, key id, status, duration.</summary>
public sealed class RequestLogTests
{
    private const string Category = "LocalSail.Server.Hosting.RequestLog";

    [Fact]
    public async Task Verbose_logs_one_line_per_request_of_either_API_without_secrets()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await RunningServer.StartAsync(configure: o => (o.InMemory, o.Verbose) = (true, true), configureLogging: logging => logging.AddProvider(log));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        const string bucket = "logged-bucket";
        await lightsail.CallOkAsync("CreateBucket", $$"""{"bucketName":"{{bucket}}","bundleId":"small_1_0"}""");
        var created = await lightsail.CallOkAsync("CreateBucketAccessKey", $$"""{"bucketName":"{{bucket}}"}""");
        var key = new Credentials(created.GetProperty("accessKey").GetProperty("accessKeyId").GetString()!, created.GetProperty("accessKey").GetProperty("secretAccessKey").GetString()!);
        await lightsail.CallAsync("GetBuckets", """{"bucketName":"no-such-bucket"}""");
        using (var s3 = new AmazonS3Client(
            new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            new AmazonS3Config { ServiceURL = server.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 }))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.txt", ContentBody = "hello" });
            await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "missing"));
        }

        // The request log is an observer, told once the answer is out: the client can be a moment ahead of the last line.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (log.Lines.Count(l => l.Contains(Category, StringComparison.Ordinal)) < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var lines = log.Lines.Where(l => l.Contains(Category, StringComparison.Ordinal)).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Matches($@"^Information {Category}: Lightsail CreateBucket bucket=\S+ object=- access-key=AKIALOCALSAILDEVROOT status=200 error=- \d+\.\d ms request=\S+", lines[0]);
        Assert.Contains("Lightsail GetBuckets", lines[2]);
        Assert.Contains("status=400 error=NotFoundException", lines[2]);
        Assert.Matches($@"S3 PutObject bucket={bucket} object=a/b.txt access-key={key.AccessKeyId} status=200 error=- \d+\.\d ms", lines[3]);
        Assert.Matches($@"S3 GetObject bucket={bucket} object=missing access-key={key.AccessKeyId} status=404 error=NoSuchKey", lines[4]);

        var everything = string.Join('\n', log.Lines);
        Assert.DoesNotContain(key.SecretAccessKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.RootCredentials.SecretAccessKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_verbose_nothing_is_logged_per_request()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true, configureLogging: logging => logging.AddProvider(log));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"quiet-bucket","bundleId":"small_1_0"}""");
        await lightsail.CallAsync("GetBuckets", """{"bucketName":"no-such-bucket"}""");

        Assert.DoesNotContain(log.Lines, l => l.Contains(Category, StringComparison.Ordinal));
    }
}
