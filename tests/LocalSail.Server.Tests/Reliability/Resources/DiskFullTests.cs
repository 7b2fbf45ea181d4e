using System.Security.Cryptography;
using System.Text.Json;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Resources;

/// <summary>
/// A server whose disk fills up: every write that cannot be kept is refused with a clear error on both
/// wires (never a vague 500) and one plain log line, reads keep working, nothing half-written stays
/// behind, and once space is freed it works again.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_disk_is_a_clear_error_on_both_apis_and_the_server_recovers_when_space_returns()
    {
        using var disk = await SmallFileSystem.CreateAsync(48L << 20);
        var dataDirectory = Path.Combine(disk.MountPoint, "data");
        await using var server = await BatteryServer.StartAsync(dataDirectory, disk.Launcher);
        var seen = disk.Seen(server.Process.ProcessId, dataDirectory);
        output.WriteLine($"a {disk.Size >> 20} MiB tmpfs {(disk.MountedHere ? "mounted by the test" : "in the server's own mount namespace")}");

        var bucket = await server.CreateBucketAsync("full");
        var key = await server.CreateKeyAsync(bucket);
        var kept = RandomNumberGenerator.GetBytes(200_000);
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "kept"), key, kept)).Status);

        // Every byte left is taken, by a file beside the server's.
        var filler = Path.Combine(disk.Seen(server.Process.ProcessId, disk.MountPoint), "filler");
        Fill(filler);
        var logMark = server.Process.Output.Count;

        // A large object streams to a file: the disk refuses its bytes.
        var large = RandomNumberGenerator.GetBytes(3 << 20);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync(RawRequest.S3(server.Endpoint, "PUT", $"/{bucket}/large", key, large).ToBytes());
        var refused = await connection.ReadResponseAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(refused);
        output.WriteLine("S3 PutObject on a full disk, as a client sees it:\n" + refused);
        Assert.Equal(507, refused.Status);
        Assert.Null(Mutation.MutationRunner.S3ErrorProblem(refused, head: false));
        Assert.Equal("StorageFull", Mutation.MutationRunner.ErrorCode(refused));

        // Small objects and Lightsail changes go to the database: it fills up too, sooner or later. What it
        // accepted before that is stored; what it refused is refused in plain words.
        var accepted = new Dictionary<string, byte[]>();
        RawReply? smallRefusal = null;
        for (var i = 0; i < 5000 && smallRefusal is null; i++)
        {
            var small = RandomNumberGenerator.GetBytes(4000);
            var reply = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, $"small/{i}"), key, small);
            if (reply.Status == 200)
            {
                accepted[$"small/{i}"] = small;
            }
            else
            {
                smallRefusal = reply;
            }
        }

        Assert.NotNull(smallRefusal);
        Assert.Equal((507, "StorageFull"), (smallRefusal.Status, smallRefusal.ErrorCode));
        var lightsail = await server.Lightsail.CallAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = S3TestServer.UniqueBucketName("full-more"), bundleId = "small_1_0" }));
        output.WriteLine($"Lightsail CreateBucket on a full disk, as a client sees it:\n{lightsail.Status} {lightsail.Body}");
        Assert.Equal(507, lightsail.Status);
        Assert.Null(Mutation.MutationRunner.LightsailErrorProblem(new RawHttpResponse(lightsail.Status, [.. lightsail.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(',', h.Value)))], System.Text.Encoding.UTF8.GetBytes(lightsail.Body))));
        Assert.Equal("StorageFull", lightsail.Json.GetProperty("code").GetString());

        // What the AWS CLI user reads.
        var body = Path.GetTempFileName();
        await File.WriteAllBytesAsync(body, large);
        var cli = await S3TestServer.RunAsync("aws", ["s3api", "put-object", "--bucket", bucket, "--key", "from-cli", "--body", body, "--endpoint-url", server.Process.EndpointUrl], key);
        File.Delete(body);
        output.WriteLine("aws s3api put-object on a full disk:\n" + cli.Stderr.Trim());
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("StorageFull", cli.Stderr);

        // Reads keep working.
        var read = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, "kept"), key);
        Assert.True(read.Status == 200 && read.Body.AsSpan().SequenceEqual(kept), $"a read on a full disk answered {read.Status}");

        // One plain line in the log for each refusal, no stack trace, and no other failure.
        var log = server.Process.Output.Skip(logMark).ToList();
        output.WriteLine("the server's log line: " + log.FirstOrDefault(l => l.Contains("Storage is full", StringComparison.Ordinal)));
        Assert.Contains(log, line => line.Contains("Storage is full", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(server.UnexpectedFailures(), line => !line.Contains("Storage is full", StringComparison.Ordinal));

        // Nothing half-written is left, no file stays open.
        var audit = await StorageAudit.WhenCleanAsync(seen);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Empty(server.Process.OpenFilesUnder(Path.Combine(dataDirectory, "tmp")));

        // Space returns: the server works again, and kept every write it acknowledged.
        File.Delete(filler);
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "large"), key, large)).Status);
        Assert.Equal(large, (await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, "large"), key)).Body);
        await server.CreateBucketAsync("full-after");
        foreach (var (name, data) in accepted)
        {
            Assert.Equal(data, (await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, name), key)).Body);
        }

        Assert.True((await StorageAudit.WhenCleanAsync(seen)).IsClean);
    }

    /// <summary>Writes <paramref name="path"/> until the file system has no byte left: large blocks, then ever smaller ones.</summary>
    private static void Fill(string path)
    {
        var block = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, 0);
        for (var size = block.Length; size >= 1; size /= 2)
        {
            try
            {
                while (true)
                {
                    file.Write(block, 0, size);
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
