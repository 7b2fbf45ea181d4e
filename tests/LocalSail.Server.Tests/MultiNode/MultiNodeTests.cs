using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.MultiNode;

/// <summary>
/// Several LocalSail processes on one PostgreSQL database and one shared directory behave as one server, driven
/// alternately with real clients: what one node commits the next request to any other sees, a key deleted on one is
/// refused by the others at once, racing creates keep the limits, and a node killed mid-upload leaves nothing behind.
/// </summary>
public sealed class MultiNodeTests(NodeCluster cluster) : IClassFixture<NodeCluster>
{
    private static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private string Endpoint(int node) => cluster.Nodes[node % cluster.Nodes.Count].EndpointUrl;

    private static Dictionary<string, string> Environment(Credentials credentials) =>
        ExternalProcess.AwsEnvironment(credentials.AccessKeyId, credentials.SecretAccessKey);

    private async Task<ProcessResult> AwsAsync(int node, Credentials credentials, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("aws", [.. arguments, "--endpoint-url", Endpoint(node)], Environment(credentials));
        return result;
    }

    [Fact]
    public async Task A_key_deleted_on_one_node_is_refused_by_another_on_the_very_next_request_in_100_of_100_tries()
    {
        var bucket = UniqueBucket("revoked");
        using var lightsail = cluster.Lightsail(0);
        await lightsail.CreateBucketAsync(bucket);
        var script = Path.Combine(AppContext.BaseDirectory, "MultiNode", "Scripts", "key_on_every_node.py");

        var run = await ExternalProcess.RunAsync("python3", [script, bucket, "100", .. cluster.Nodes.Select(n => n.EndpointUrl)], Environment(NodeCluster.Root));

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Empty(result.GetProperty("failures").EnumerateArray());
        Assert.Equal((100, 100, 100), (result.GetProperty("written").GetInt32(), result.GetProperty("read_back").GetInt32(), result.GetProperty("refused").GetInt32()));
        using var s3 = S3Client(2, NodeCluster.Root);
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "after-delete-" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task A_bucket_made_with_the_AWS_CLI_on_one_node_is_used_on_a_second_and_deleted_on_a_third()
    {
        var bucket = UniqueBucket("cli");
        var created = await AwsAsync(0, NodeCluster.Root, "lightsail", "create-bucket", "--bucket-name", bucket, "--bundle-id", "small_1_0");
        Assert.True(created.ExitCode == 0, created.ToString());
        var keyReply = await AwsAsync(1, NodeCluster.Root, "lightsail", "create-bucket-access-key", "--bucket-name", bucket);
        Assert.True(keyReply.ExitCode == 0, keyReply.ToString());
        var accessKey = JsonDocument.Parse(keyReply.StandardOutput).RootElement.GetProperty("accessKey");
        var key = new Credentials(accessKey.GetProperty("accessKeyId").GetString()!, accessKey.GetProperty("secretAccessKey").GetString()!);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, new byte[300 * 1024]);
        try
        {
            var copied = await AwsAsync(1, key, "s3", "cp", file, $"s3://{bucket}/shared/file.bin");
            Assert.True(copied.ExitCode == 0, copied.ToString());
            var listed = await AwsAsync(2, key, "s3", "ls", $"s3://{bucket}/shared/");
            Assert.Contains("307200 file.bin", listed.StandardOutput);
        }
        finally
        {
            File.Delete(file);
        }

        var deleted = await AwsAsync(2, NodeCluster.Root, "lightsail", "delete-bucket", "--bucket-name", bucket, "--force-delete");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());

        var gone = await AwsAsync(0, NodeCluster.Root, "lightsail", "get-buckets", "--bucket-name", bucket);
        Assert.Contains("DoesNotExist", gone.StandardError);
        var refused = await AwsAsync(1, key, "s3", "ls", $"s3://{bucket}/");
        Assert.Contains("InvalidAccessKeyId", refused.StandardError);
    }

    [Fact]
    public async Task Keys_created_at_once_on_three_nodes_are_never_more_than_two_a_bucket()
    {
        var buckets = Enumerable.Range(0, 4).Select(_ => UniqueBucket("race")).ToArray();
        var callers = Enumerable.Range(0, 3).Select(cluster.Lightsail).ToArray();
        try
        {
            foreach (var (bucket, i) in buckets.Select((b, i) => (b, i)))
            {
                await callers[i % 3].CreateBucketAsync(bucket);
            }

            var replies = await Task.WhenAll(Enumerable.Range(0, 36).Select(i =>
                callers[i % 3].CallAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName = buckets[i % 4] }))));

            Assert.Equal(8, replies.Count(r => r.Status == 200));
            Assert.All(replies.Where(r => r.Status != 200), r => Assert.Equal("InvalidInputException", r.ErrorType));
            foreach (var bucket in buckets)
            {
                foreach (var caller in callers)
                {
                    var keys = await caller.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = bucket }));
                    Assert.Equal(2, keys.GetProperty("accessKeys").GetArrayLength());
                }
            }
        }
        finally
        {
            foreach (var caller in callers)
            {
                caller.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_key_used_on_one_node_shows_its_last_use_on_another()
    {
        var bucket = UniqueBucket("used");
        using var first = cluster.Lightsail(0);
        using var second = cluster.Lightsail(1);
        await first.CreateBucketAsync(bucket);
        var key = await first.CreateAccessKeyAsync(bucket);
        using var s3 = S3Client(2, key);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "used", ContentBody = "used" });

        // Each node writes the uses it saw about once a second: wait until node 1 reads what node 2 wrote.
        JsonElement lastUsed = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var keys = await second.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = bucket }));
            lastUsed = keys.GetProperty("accessKeys")[0].GetProperty("lastUsed");
            if (lastUsed.GetProperty("serviceName").GetString() != "N/A")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(("s3", "us-east-1"), (lastUsed.GetProperty("serviceName").GetString(), lastUsed.GetProperty("region").GetString()));
    }

    [Fact]
    public async Task A_node_killed_mid_upload_stores_nothing_while_the_others_keep_serving()
    {
        var bucket = UniqueBucket("killed");
        using var lightsail = cluster.Lightsail(0);
        await lightsail.CreateBucketAsync(bucket);
        var key = await lightsail.CreateAccessKeyAsync(bucket);
        await using var doomed = await cluster.StartNodeAsync();

        // An upload of 8 MiB that stops after its first MiB, until the node is gone.
        using var doomedS3 = S3Client(doomed.EndpointUrl, key);
        var url = await doomedS3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "half.bin",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });
        var objects = Path.Combine(cluster.DataDirectory, "objects");
        var before = Blobs(objects).ToHashSet();
        var stalled = new TaskCompletionSource();
        using var http = new HttpClient();
        var upload = http.PutAsync(url, new StalledContent(1024 * 1024, 8 * 1024 * 1024, stalled.Task));
        // A blob is written under its final name among the objects (encrypted, the last chunk held back until the
        // body ends); nothing refers to it until its commit.
        string? partial = null;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while ((partial = Blobs(objects).FirstOrDefault(f => !before.Contains(f) && new FileInfo(f).Length >= 512 * 1024)) is null)
        {
            Assert.False(upload.IsCompleted, "The upload ended before the node was killed.");
            Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(2), "The upload's first MiB never reached the data directory.");
            await Task.Delay(20);
        }

        doomed.Kill();
        stalled.SetResult();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);

        using var first = S3Client(0, key);
        using var second = S3Client(1, key);
        await first.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "after.txt", ContentBody = "still serving" });
        using (var read = await second.GetObjectAsync(bucket, "after.txt"))
        using (var reader = new StreamReader(read.ResponseStream))
        {
            Assert.Equal("still serving", await reader.ReadToEndAsync());
        }

        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => second.GetObjectMetadataAsync(bucket, "half.bin"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Back on the same directory, the node serves again. The abandoned upload's bytes are no object's, and no
        // writer holds them: the sweep of a shared store removes such a file once it is an hour old (another node's
        // write in progress looks the same until then).
        await using var restarted = await doomed.RestartAsync(cluster.Arguments);
        Assert.True(File.Exists(partial));
        using (new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
        using var third = S3Client(restarted.EndpointUrl, key);
        Assert.Equal(13, (await third.GetObjectMetadataAsync(bucket, "after.txt")).ContentLength);
    }

    /// <summary>The blob files among the objects.</summary>
    private static IEnumerable<string> Blobs(string objects) =>
        Directory.Exists(objects) ? Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories) : [];

    private AmazonS3Client S3Client(int node, Credentials credentials) => S3Client(Endpoint(node), credentials);

    private static AmazonS3Client S3Client(string endpoint, Credentials credentials) => new(
        new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
        new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>A body that declares <paramref name="declared"/> bytes, sends <paramref name="sent"/>, then waits for <paramref name="release"/>.</summary>
    private sealed class StalledContent(int sent, long declared, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[sent]);
            await stream.FlushAsync();
            await release;
            throw new IOException("The upload was abandoned.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = declared;
            return true;
        }
    }
}
