using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Keys;

public sealed class RotateCommandTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        Assert.Equal(0, (await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket", "--bucket-name", "rotate-bucket", "--bundle-id", "small_1_0")).Exit);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<string>> KeyIdsAsync()
    {
        var keys = await CliRun.LocalSailAsync(_server, "lightsail", "get-bucket-access-keys", "--bucket-name", "rotate-bucket");
        using var document = JsonDocument.Parse(keys.Stdout);
        return [.. document.RootElement.GetProperty("accessKeys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()!)];
    }

    private async Task<Credentials> CreateKeyAsync()
    {
        var created = await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        Assert.Equal(0, created.Exit);
        return KeyIn(created.Stdout);
    }

    private static Credentials KeyIn(string createBucketAccessKeyOutput)
    {
        using var document = JsonDocument.Parse(createBucketAccessKeyOutput);
        var key = document.RootElement.GetProperty("accessKey");
        return new Credentials(key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
    }

    private AmazonS3Client S3Client(Credentials key) => new(
        new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
        new AmazonS3Config { ServiceURL = _server.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private async Task<List<string>> ObjectKeysSeenWithAsync(Credentials key)
    {
        using var s3 = S3Client(key);
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "rotate-bucket" });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }

    private async Task AssertRefusedOverS3Async(Credentials key)
    {
        using var s3 = S3Client(key);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "rotate-bucket" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("InvalidAccessKeyId", refused.ErrorCode);
    }

    [Fact]
    public async Task Replaces_the_only_key_with_a_new_one_that_works_over_S3()
    {
        var old = await CreateKeyAsync();
        using (var s3 = S3Client(old))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "rotate-bucket", Key = "kept.txt", ContentBody = "still here" });
        }

        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--output", "json");

        Assert.Equal(0, result.Exit);
        var rotated = KeyIn(result.Stdout);
        Assert.NotEqual(old.AccessKeyId, rotated.AccessKeyId);
        Assert.Equal(1, CountOf(result.Stdout, rotated.SecretAccessKey));
        Assert.Contains($"old key {old.AccessKeyId} deleted", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([rotated.AccessKeyId], await KeyIdsAsync());
        Assert.Equal(["kept.txt"], await ObjectKeysSeenWithAsync(rotated));
        await AssertRefusedOverS3Async(old);
    }

    [Fact]
    public async Task Prints_the_new_key_as_create_bucket_access_key_does()
    {
        var direct = await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");

        var rotated = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket");

        Assert.Equal(0, rotated.Exit);
        Assert.Equal(PropertyNamesIn(direct.Stdout), PropertyNamesIn(rotated.Stdout));
        using var document = JsonDocument.Parse(rotated.Stdout);
        Assert.Equal("Active", document.RootElement.GetProperty("accessKey").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Creates_a_first_key_when_the_bucket_has_none()
    {
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket");

        Assert.Equal(0, result.Exit);
        var created = KeyIn(result.Stdout);
        Assert.Equal([created.AccessKeyId], await KeyIdsAsync());
        Assert.Empty(await ObjectKeysSeenWithAsync(created));
    }

    [Fact]
    public async Task Retires_the_named_key_and_keeps_the_other_when_the_bucket_holds_two()
    {
        var retired = await CreateKeyAsync();
        var kept = await CreateKeyAsync();

        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--delete-access-key-id", retired.AccessKeyId);

        Assert.Equal(0, result.Exit);
        var rotated = KeyIn(result.Stdout);
        Assert.Contains($"{kept.AccessKeyId} stays in place", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(new[] { kept.AccessKeyId, rotated.AccessKeyId }.Order(), (await KeyIdsAsync()).Order());
        Assert.Empty(await ObjectKeysSeenWithAsync(kept));
        Assert.Empty(await ObjectKeysSeenWithAsync(rotated));
        await AssertRefusedOverS3Async(retired);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<string> PropertyNamesIn(string createBucketAccessKeyOutput)
    {
        using var document = JsonDocument.Parse(createBucketAccessKeyOutput);
        return [.. document.RootElement.GetProperty("accessKey").EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public async Task Refuses_when_the_bucket_holds_two_keys_and_none_is_named()
    {
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        var before = await KeyIdsAsync();

        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("--delete-access-key-id", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Equal(before, await KeyIdsAsync());
    }

    [Fact]
    public async Task Refuses_a_named_key_the_bucket_does_not_hold()
    {
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--delete-access-key-id", "AKIANOSUCHKEY0000000");

        Assert.NotEqual(0, result.Exit);
        Assert.Empty(await KeyIdsAsync());
    }

    [Fact]
    public async Task Keeps_the_old_key_and_removes_the_new_one_when_the_new_key_cannot_be_proven()
    {
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        var before = await KeyIdsAsync();

        // The proof goes to an S3 endpoint that refuses every request.
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--s3-endpoint-url", "http://127.0.0.1:1");

        Assert.Equal(255, result.Exit);
        Assert.Empty(result.Stdout);
        Assert.Contains($"The old key {before[0]} is untouched", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await KeyIdsAsync());
    }

    [Fact]
    public async Task Leaves_the_other_key_when_the_proof_fails_after_retiring_the_named_one()
    {
        var retired = await CreateKeyAsync();
        var kept = await CreateKeyAsync();

        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--delete-access-key-id", retired.AccessKeyId, "--s3-endpoint-url", "http://127.0.0.1:1");

        Assert.Equal(255, result.Exit);
        Assert.Empty(result.Stdout);
        Assert.Contains($"The bucket keeps its other key {kept.AccessKeyId}.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([kept.AccessKeyId], await KeyIdsAsync());
        Assert.Empty(await ObjectKeysSeenWithAsync(kept));
    }

    [Fact]
    public async Task Says_the_bucket_is_as_before_when_the_proof_of_a_first_key_fails()
    {
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--s3-endpoint-url", "http://127.0.0.1:1");

        Assert.Equal(255, result.Exit);
        Assert.Contains("The bucket had no key before and has none now.", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await KeyIdsAsync());
    }
}
