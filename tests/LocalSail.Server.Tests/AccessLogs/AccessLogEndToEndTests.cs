using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Lightsail.Model;
using LocalSail.Server.AccessLogs;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.AccessLogs;

/// <summary>
/// Access logs end to end: logging enabled with the Lightsail API, known requests made with AWSSDK.S3, the log
/// objects listed and read back from the destination bucket, and each request found in them field by field.
/// </summary>
public sealed class AccessLogEndToEndTests
{
    [Fact]
    public async Task Known_requests_are_found_field_by_field_in_the_delivered_log_objects()
    {
        await using var server = await RunningServer.StartAsync();
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CreateBucketAsync("logged-source");
        await lightsail.CreateBucketAsync("logged-destination");
        await EnableLoggingAsync(server, "logged-source", "logged-destination", "access/");
        var key = await lightsail.CreateAccessKeyAsync("logged-source");
        using var s3 = S3Client(server, key);

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "logged-source", Key = "notes/hello world.txt", ContentBody = "hello, logs" });
        string getId;
        using (var get = await s3.GetObjectAsync("logged-source", "notes/hello world.txt"))
        {
            await new StreamReader(get.ResponseStream).ReadToEndAsync();
            getId = get.ResponseMetadata.RequestId;
        }

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("logged-source", "no-such-key"));
        var list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "logged-source", Prefix = "notes/" });
        var delete = await s3.DeleteObjectAsync("logged-source", "notes/hello world.txt");
        using (var root = S3Client(server, server.RootCredentials))
        {
            await root.PutObjectAsync(new PutObjectRequest { BucketName = "logged-destination", Key = "not-logged.txt", ContentBody = "the destination does not log" });
        }

        // Refused before the bucket is looked up (another bucket's key), and still in the bucket's log, as in S3's.
        var otherKey = await lightsail.CreateAccessKeyAsync("logged-destination");
        using var other = S3Client(server, otherKey);
        var denied = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => other.GetObjectAsync("logged-source", "notes/hello world.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var lines = await DeliverAndReadAsync(server, "logged-destination", "access/", expected: 6);
        Assert.Equal(6, lines.Count);
        var deniedLine = Assert.Single(lines, l => l.RequestId == denied.RequestId);
        Assert.Equal(("REST.GET.OBJECT", "403", "AccessDenied"), (deniedLine.Operation, deniedLine.HttpStatus, deniedLine.ErrorCode));
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{otherKey.AccessKeyId}", deniedLine.Requester);
        lines.Remove(deniedLine);

        Assert.All(lines, line =>
        {
            Assert.Equal((server.AccountId, "logged-source", "127.0.0.1"), (line.BucketOwner, line.Bucket, line.RemoteIp));
            Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{key.AccessKeyId}", line.Requester);
            Assert.Equal(("SigV4", "AuthHeader", $"127.0.0.1:{server.Endpoint.Port}"), (line.SignatureVersion, line.AuthenticationType, line.HostHeader));
            Assert.Contains("aws-sdk-dotnet", line.UserAgent);
            Assert.Equal(line.RequestId, line.HostId);
            Assert.InRange(line.Time, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Matches(@"^\d+$", line.TotalTime);
            Assert.Matches(@"^\d+$", line.TurnAroundTime);
            Assert.True(long.Parse(line.TurnAroundTime, System.Globalization.CultureInfo.InvariantCulture) <= long.Parse(line.TotalTime, System.Globalization.CultureInfo.InvariantCulture));
        });

        var putLine = Assert.Single(lines, l => l.RequestId == put.ResponseMetadata.RequestId);
        Assert.Equal(("REST.PUT.OBJECT", "notes/hello%20world.txt", "200", "-"), (putLine.Operation, putLine.Key, putLine.HttpStatus, putLine.ErrorCode));
        Assert.Equal(("-", "11"), (putLine.BytesSent, putLine.ObjectSize));
        Assert.Matches(@"^PUT /logged-source/notes/hello%20world\.txt(\?\S*)? HTTP/1\.1$", putLine.RequestUri);

        var getLine = Assert.Single(lines, l => l.RequestId == getId);
        Assert.Equal(("REST.GET.OBJECT", "notes/hello%20world.txt", "200", "-"), (getLine.Operation, getLine.Key, getLine.HttpStatus, getLine.ErrorCode));
        Assert.Equal(("11", "11"), (getLine.BytesSent, getLine.ObjectSize));
        Assert.StartsWith("GET /logged-source/notes/hello%20world.txt", getLine.RequestUri);

        var missingLine = Assert.Single(lines, l => l.RequestId == missing.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(("REST.GET.OBJECT", "no-such-key", "404", "NoSuchKey"), (missingLine.Operation, missingLine.Key, missingLine.HttpStatus, missingLine.ErrorCode));
        Assert.Matches(@"^\d+$", missingLine.BytesSent);
        Assert.Equal("-", missingLine.ObjectSize);

        var listLine = Assert.Single(lines, l => l.RequestId == list.ResponseMetadata.RequestId);
        Assert.Equal(("REST.GET.BUCKET", "-", "200"), (listLine.Operation, listLine.Key, listLine.HttpStatus));
        Assert.StartsWith("GET /logged-source/?", listLine.RequestUri);
        Assert.Contains("list-type=2", listLine.RequestUri);
        Assert.Contains("prefix=notes%2F", listLine.RequestUri);

        var deleteLine = Assert.Single(lines, l => l.RequestId == delete.ResponseMetadata.RequestId);
        Assert.Equal(("REST.DELETE.OBJECT", "notes/hello%20world.txt", "204", "-", "-"), (deleteLine.Operation, deleteLine.Key, deleteLine.HttpStatus, deleteLine.ErrorCode, deleteLine.BytesSent));
    }

    [Fact]
    public async Task A_bucket_that_logs_into_itself_never_logs_the_writing_of_its_logs()
    {
        await using var server = await RunningServer.StartAsync();
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CreateBucketAsync("self-logged");
        await EnableLoggingAsync(server, "self-logged", "self-logged", "logs/");
        using var s3 = S3Client(server, server.RootCredentials);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "self-logged", Key = "data.txt", ContentBody = "data" });
        var first = await DeliverAndReadAsync(server, "self-logged", "logs/", expected: 1);
        Assert.Equal(server.AccountId, Assert.Single(first).Requester);

        // Reading a log object is a request like any other, and is logged; writing one never is.
        var delivered = await DeliverAndReadAsync(server, "self-logged", "logs/", expected: 1 + 2);
        var operations = delivered.Select(l => (l.Operation, l.Key.Split('/')[0])).Order().ToList();
        Assert.Equal([("REST.GET.BUCKET", "-"), ("REST.GET.OBJECT", "logs"), ("REST.PUT.OBJECT", "data.txt")], operations);
    }

    [Fact]
    public async Task A_batch_written_twice_is_one_object_even_in_a_versioned_destination()
    {
        await using var server = await RunningServer.StartAsync();
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CreateBucketAsync("twice-source");
        await lightsail.CreateBucketAsync("twice-logs", enableObjectVersioning: true);
        await EnableLoggingAsync(server, "twice-source", "twice-logs", "p/");
        var bucketId = (await lightsail.CallOkAsync("GetBuckets", """{"bucketName":"twice-source"}""")).GetProperty("buckets")[0].GetProperty("arn").GetString()!.Split('/')[^1];
        var batch = new AccessLogBatch(AccessLogDelivery.BatchName(DateTimeOffset.UtcNow), bucketId, "twice-source", ["first line", "second line"]);

        var writer = server.GetService<IAccessLogWriter>();
        var first = await writer.WriteAsync(batch, CancellationToken.None);
        var again = await writer.WriteAsync(batch with { Lines = ["first line", "second line", "a line added since"] }, CancellationToken.None);

        Assert.Equal("p/" + batch.Name, first.ObjectKey);
        Assert.Equal(first.ObjectKey, again.ObjectKey);
        using var s3 = S3Client(server, server.RootCredentials);
        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = "twice-logs" });
        Assert.Single(versions.Versions);
        using var read = await s3.GetObjectAsync("twice-logs", first.ObjectKey);
        Assert.Equal("first line\nsecond line\n", await new StreamReader(read.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task Delivery_follows_the_current_configuration_and_drops_what_cannot_be_delivered()
    {
        await using var server = await RunningServer.StartAsync();
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CreateBucketAsync("moving-source");
        await lightsail.CreateBucketAsync("old-logs");
        await lightsail.CreateBucketAsync("new-logs");
        await EnableLoggingAsync(server, "moving-source", "old-logs", "a/");
        using var s3 = S3Client(server, server.RootCredentials);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "moving-source", Key = "one", ContentBody = "1" });
        await WaitForLinesAsync(server, 1);

        // Changed before the delivery: the records go where the bucket logs now.
        await EnableLoggingAsync(server, "moving-source", "new-logs", "b/");
        var moved = await DeliverAndReadAsync(server, "new-logs", "b/", expected: 1);
        Assert.Equal("one", Assert.Single(moved).Key);
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "old-logs" })).S3Objects ?? []);

        // Disabled before the delivery: dropped, and the journal is empty again.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "moving-source", Key = "two", ContentBody = "2" });
        await WaitForLinesAsync(server, 2);
        await lightsail.CallOkAsync("UpdateBucket", """{"bucketName":"moving-source","accessLogConfig":{"enabled":false}}""");
        await server.GetService<AccessLogDelivery>().DeliverNowAsync(CancellationToken.None);
        Assert.Single(await ReadLogsAsync(server, "new-logs", "b/"));
        Assert.Equal(0, await server.GetService<IAccessLogJournal>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Records_survive_restarts_without_loss_or_duplicates()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "localsail-accesslog-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var requestIds = new List<string>();
            for (var run = 0; run < 2; run++)
            {
                await using var server = await RunningServer.StartAsync(dataDirectory);
                using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
                if (run == 0)
                {
                    await lightsail.CreateBucketAsync("restart-source");
                    await lightsail.CreateBucketAsync("restart-logs");
                    await EnableLoggingAsync(server, "restart-source", "restart-logs", "r/");
                }

                using var s3 = S3Client(server, server.RootCredentials);
                for (var i = 0; i < 3; i++)
                {
                    requestIds.Add((await s3.PutObjectAsync(new PutObjectRequest { BucketName = "restart-source", Key = $"run{run}/{i}", ContentBody = "x" })).ResponseMetadata.RequestId);
                }

                // The clean shutdown at the end of this block delivers what is left.
                if (run == 0)
                {
                    await server.GetService<AccessLogDelivery>().DeliverNowAsync(CancellationToken.None);
                    requestIds.Add((await s3.PutObjectAsync(new PutObjectRequest { BucketName = "restart-source", Key = "after-delivery", ContentBody = "x" })).ResponseMetadata.RequestId);
                }
            }

            await using var last = await RunningServer.StartAsync(dataDirectory);
            var lines = await ReadLogsAsync(last, "restart-logs", "r/");
            Assert.Equal(requestIds.Order(), lines.Select(l => l.RequestId).Order());
            Assert.All(lines, line => Assert.Equal("REST.PUT.OBJECT", line.Operation));
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>Turns a bucket's access logging on with the typed Lightsail client, as an application would.</summary>
    private static async Task EnableLoggingAsync(RunningServer server, string bucket, string destination, string prefix)
    {
        using var lightsail = server.TestServer.CreateLightsailClient();
        await lightsail.UpdateBucketAsync(new UpdateBucketRequest
        {
            BucketName = bucket,
            AccessLogConfig = new BucketAccessLogConfig { Enabled = true, Destination = destination, Prefix = prefix },
        });
    }

    private static AmazonS3Client S3Client(RunningServer server, Credentials credentials) => server.TestServer.CreateS3Client(credentials);

    /// <summary>
    /// Waits until the requests' lines are made (observers are told just after the answer is out, so the client
    /// can be a moment ahead), delivers them, and reads every log line under the prefix.
    /// </summary>
    private static async Task<List<AccessLogLine>> DeliverAndReadAsync(RunningServer server, string destination, string prefix, int expected)
    {
        await WaitForLinesAsync(server, expected);
        await server.GetService<AccessLogDelivery>().DeliverNowAsync(CancellationToken.None);
        return await ReadLogsAsync(server, destination, prefix);
    }

    /// <summary>Waits until <paramref name="expected"/> lines were made in all (a minute at most, then the test fails).</summary>
    private static async Task WaitForLinesAsync(RunningServer server, int expected)
    {
        var buffer = server.GetService<AccessLogBuffer>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (buffer.Added < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {buffer.Added} of {expected} access log lines were made");
            await Task.Delay(10);
        }
    }

    private static async Task<List<AccessLogLine>> ReadLogsAsync(RunningServer server, string destination, string prefix)
    {
        using var s3 = S3Client(server, server.RootCredentials);
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination, Prefix = prefix });
        var lines = new List<AccessLogLine>();
        foreach (var logObject in listed.S3Objects ?? [])
        {
            Assert.Matches($@"^{prefix}\d{{4}}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9A-F]{{16}}$", logObject.Key);
            using var read = await s3.GetObjectAsync(destination, logObject.Key);
            Assert.Equal("text/plain", read.Headers.ContentType);
            var text = await new StreamReader(read.ResponseStream).ReadToEndAsync();
            Assert.EndsWith("\n", text);
            lines.AddRange(text.TrimEnd('\n').Split('\n').Select(AccessLogLine.Parse));
        }

        return lines;
    }
}
