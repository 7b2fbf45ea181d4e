using System.Text.Json;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

/// <summary>Several accounts on one server keep their buckets, keys and operations apart on the Lightsail API and over S3.</summary>
public sealed class AccountsTests : IAsyncLifetime
{
    private const string Second = "222222222222";

    private RunningServer _server = null!;
    private LightsailCaller _first = null!;
    private LightsailCaller _second = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: options => options.Accounts = [$"{Second}:AKIASECONDACCOUNT001:second-account-secret-000000000000000000"]);
        _first = new LightsailCaller(_server.Endpoint, _server.RootCredentials);
        _second = new LightsailCaller(_server.Endpoint, _server.RootCredentialsOf(Second));
    }

    public async Task DisposeAsync()
    {
        _first.Dispose();
        _second.Dispose();
        await _server.DisposeAsync();
    }

    private static string[] BucketNames(JsonElement answer) =>
        [.. answer.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Each_account_sees_only_its_own_buckets_keys_and_operations()
    {
        var firsts = LocalSailTestServer.UniqueBucketName();
        var seconds = LocalSailTestServer.UniqueBucketName();
        var created = await _first.CreateBucketAsync(firsts);
        await _second.CreateBucketAsync(seconds);
        var operationId = created.GetProperty("operations")[0].GetProperty("id").GetString();

        Assert.Equal([firsts], BucketNames(await _first.CallOkAsync("GetBuckets")));
        Assert.Equal([seconds], BucketNames(await _second.CallOkAsync("GetBuckets")));
        var arn = (await _second.CallOkAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = seconds }))).GetProperty("buckets")[0].GetProperty("arn").GetString();
        Assert.StartsWith($"arn:aws:lightsail:us-east-1:{Second}:Bucket/", arn, StringComparison.Ordinal);

        // The other account's bucket does not exist for this one, whatever the call.
        var theirs = JsonSerializer.Serialize(new { bucketName = firsts });
        foreach (var (operation, body) in new[]
        {
            ("GetBuckets", theirs),
            ("CreateBucketAccessKey", theirs),
            ("GetBucketAccessKeys", theirs),
            ("UpdateBucket", JsonSerializer.Serialize(new { bucketName = firsts, readonlyAccessAccounts = new[] { "444455556666" } })),
            ("DeleteBucket", theirs),
            ("GetOperation", JsonSerializer.Serialize(new { operationId })),
        })
        {
            var reply = await _second.CallAsync(operation, body);
            Assert.True(reply.ErrorType == "NotFoundException", $"{operation}: {reply.Status} {reply.Body}");
        }

        Assert.Empty((await _first.CallOkAsync("GetBuckets", theirs)).GetProperty("buckets")[0].GetProperty("readonlyAccessAccounts").EnumerateArray());
        Assert.Equal([firsts], BucketNames(await _first.CallOkAsync("GetBuckets")));
        Assert.DoesNotContain(
            (await _second.CallOkAsync("GetOperations")).GetProperty("operations").EnumerateArray(),
            o => o.GetProperty("id").GetString() == operationId);
    }

    [Fact]
    public async Task A_bucket_name_another_account_owns_is_refused_and_left_as_it_was()
    {
        var name = LocalSailTestServer.UniqueBucketName();
        await _first.CreateBucketAsync(name);

        var refused = await _second.CallAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = name, bundleId = "small_1_0" }));

        Assert.Equal((400, "InvalidInputException"), (refused.Status, refused.ErrorType));
        Assert.Contains("already in use", refused.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _second.CallOkAsync("GetBuckets")).GetProperty("buckets").EnumerateArray());
        Assert.Equal([name], BucketNames(await _first.CallOkAsync("GetBuckets")));
    }

    [Fact]
    public async Task Over_S3_an_account_root_key_and_its_bucket_keys_reach_that_account_buckets_only()
    {
        var firsts = LocalSailTestServer.UniqueBucketName();
        var seconds = LocalSailTestServer.UniqueBucketName();
        await _first.CreateBucketAsync(firsts);
        await _second.CreateBucketAsync(seconds);
        var secondsKey = await _second.CreateAccessKeyAsync(seconds);

        using var firstRoot = _server.TestServer.CreateS3Client();
        using var secondRoot = _server.TestServer.CreateS3Client(_server.RootCredentialsOf(Second));
        using var secondKey = _server.TestServer.CreateS3Client(secondsKey);

        await secondKey.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = seconds, Key = "k", ContentBody = "second's" });
        Assert.Equal([seconds], (await secondRoot.ListBucketsAsync()).Buckets.Select(b => b.BucketName));
        Assert.Equal([firsts], (await firstRoot.ListBucketsAsync()).Buckets.Select(b => b.BucketName));
        Assert.Equal("k", Assert.Single((await secondRoot.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = seconds })).S3Objects).Key);

        foreach (var (client, bucket) in new[] { (firstRoot, seconds), (secondRoot, firsts), (secondKey, firsts) })
        {
            var error = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => client.GetObjectAsync(bucket, "k"));
            Assert.Equal("AccessDenied", error.ErrorCode);
            error = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "not yours" }));
            Assert.Equal("AccessDenied", error.ErrorCode);
        }

        // The second account's keys are its own: the first account's Lightsail API does not list them.
        var firstKeys = await _first.CallAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = seconds }));
        Assert.Equal("NotFoundException", firstKeys.ErrorType);
        Assert.Equal(secondsKey.AccessKeyId, (await _second.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = seconds })))
            .GetProperty("accessKeys")[0].GetProperty("accessKeyId").GetString());
    }
}
