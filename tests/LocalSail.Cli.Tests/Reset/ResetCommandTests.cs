using System.Text.Json;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Reset;

/// <summary><c>localsail reset</c> against a real server: it asks first, signs with the root key, and says what it removed.</summary>
public sealed class ResetCommandTests
{
    [Fact]
    public async Task Reset_with_yes_removes_every_bucket_key_and_object_and_says_how_many()
    {
        await using var server = await RunningServer.StartAsync();
        var key = await CreateBucketWithKeyAndObjectAsync(server, "cli-reset");

        var (exit, stdout, stderr) = await CliRun.LocalSailAsync(server, "reset", "--yes");

        // The operations: CreateBucket, CreateBucketAccessKey, and the DeleteBucket the reset itself ran.
        Assert.True(exit == 0, stderr);
        Assert.Equal($"Reset {server.EndpointUrl}/: removed 1 buckets, 1 access keys, 1 objects and 3 operations.\n", stdout);
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        Assert.Equal(0, (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{server.EndpointUrl}/cli-reset/object");
        new RequestSigner().Sign(request, key, "us-east-1", "s3", DateTimeOffset.UtcNow, SigV4.EmptyPayloadHash);
        Assert.Equal(403, (int)(await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Reset_asks_first_and_an_answer_other_than_yes_removes_nothing()
    {
        await using var server = await RunningServer.StartAsync();
        await CreateBucketWithKeyAndObjectAsync(server, "cli-keep");

        var (exit, stdout, stderr) = await CliRun.LocalSailAsync(server, server.RootCredentials, new StringReader("n\n"), "reset");
        Assert.Equal(252, exit);
        Assert.Contains($"Delete every bucket, access key, object and operation on {server.EndpointUrl}/? [y/N]", stdout);
        Assert.Contains("Nothing was removed.", stderr);

        var confirmed = await CliRun.LocalSailAsync(server, server.RootCredentials, new StringReader("y\n"), "reset");
        Assert.True(confirmed.Exit == 0, confirmed.Stderr);
        Assert.Contains("removed 1 buckets", confirmed.Stdout);
    }

    [Fact]
    public async Task Reset_signed_with_a_bucket_key_is_refused_and_says_why()
    {
        await using var server = await RunningServer.StartAsync();
        var key = await CreateBucketWithKeyAndObjectAsync(server, "cli-refused");

        var (exit, _, stderr) = await CliRun.LocalSailAsync(server, key, "reset", "--yes");

        Assert.Equal(254, exit);
        Assert.Contains("refused the reset: A reset needs a request signed with the account's root credentials", stderr);
        Assert.Contains("Nothing was removed.", stderr);
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        Assert.Equal(1, (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());
    }

    private static async Task<Credentials> CreateBucketWithKeyAndObjectAsync(RunningServer server, string bucket)
    {
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = bucket, bundleId = "small_1_0" }));
        var created = (await lightsail.CallOkAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName = bucket }))).GetProperty("accessKey");
        var key = new Credentials(created.GetProperty("accessKeyId").GetString()!, created.GetProperty("secretAccessKey").GetString()!);
        using var http = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/object") { Content = new ByteArrayContent("bytes"u8.ToArray()) };
        new RequestSigner().Sign(put, key, "us-east-1", "s3", DateTimeOffset.UtcNow, SigV4.Sha256Hex("bytes"u8));
        Assert.Equal(200, (int)(await http.SendAsync(put)).StatusCode);
        return key;
    }
}
