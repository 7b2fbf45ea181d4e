using System.Text.Json;
using LocalSail.Server.Authentication;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>Who may do what: bucket keys, the root key, revocation, bad signatures, public access and lastUsed.</summary>
public sealed class AccessRulesTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private RawS3Client _raw = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync(options => options.S3Host = "s3.test.invalid");
        _raw = new RawS3Client(_server.Server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    private string Url(string path) => _server.EndpointUrl + path;

    [Fact]
    public async Task Bucket_key_works_on_its_bucket_only_and_root_on_every()
    {
        var mine = await _server.CreateBucketAsync("mine");
        var other = await _server.CreateBucketAsync("other");
        var key = await _server.CreateKeyAsync(mine);

        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url($"/{mine}/k"), key, "v"u8.ToArray())).Status);
        var denied = await _raw.SendAsync(HttpMethod.Put, Url($"/{other}/k"), key, "v"u8.ToArray());
        Assert.Equal((403, "AccessDenied"), (denied.Status, denied.ErrorCode));
        Assert.Equal("AccessDenied", (await _raw.SendAsync(HttpMethod.Get, Url($"/{other}?list-type=2"), key)).ErrorCode);
        Assert.Equal("AccessDenied", (await _raw.SendAsync(HttpMethod.Get, Url("/no-such-bucket-anywhere/k"), key)).ErrorCode);

        var listed = await _raw.SendAsync(HttpMethod.Get, Url("/"), key);
        Assert.Contains($"<Name>{mine}</Name>", listed.Text);
        Assert.DoesNotContain($"<Name>{other}</Name>", listed.Text);

        var root = _server.Server.RootCredentials;
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url($"/{other}/k"), root, "r"u8.ToArray())).Status);
        Assert.Equal("r", (await _raw.SendAsync(HttpMethod.Get, Url($"/{other}/k"), root)).Text);
        var rootList = await _raw.SendAsync(HttpMethod.Get, Url("/"), root);
        Assert.Contains($"<Name>{mine}</Name>", rootList.Text);
        Assert.Contains($"<Name>{other}</Name>", rootList.Text);
        Assert.Equal("NoSuchBucket", (await _raw.SendAsync(HttpMethod.Get, Url("/no-such-bucket-anywhere/k"), root)).ErrorCode);
    }

    [Fact]
    public async Task Deleted_key_stops_working_at_once()
    {
        var bucket = await _server.CreateBucketAsync("revoke");
        var key = await _server.CreateKeyAsync(bucket);
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/k"), key, "v"u8.ToArray())).Status);

        Assert.Equal(200, (await _server.DeleteKeyAsync(bucket, key.AccessKeyId)).Status);
        var reply = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), key);
        Assert.Equal((403, "InvalidAccessKeyId"), (reply.Status, reply.ErrorCode));
    }

    [Fact]
    public async Task Bad_credentials_signatures_and_clocks_are_refused()
    {
        var bucket = await _server.CreateBucketAsync("badsig");
        var key = await _server.CreateKeyAsync(bucket);

        var unknown = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}?list-type=2"), new Credentials("AKIANOTAREALKEY00000", "secret"));
        Assert.Equal((403, "InvalidAccessKeyId"), (unknown.Status, unknown.ErrorCode));

        var wrongSecret = await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/k"), key with { SecretAccessKey = key.SecretAccessKey + "x" }, "v"u8.ToArray());
        Assert.Equal((403, "SignatureDoesNotMatch"), (wrongSecret.Status, wrongSecret.ErrorCode));

        var skewed = await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/k"), key, "v"u8.ToArray(), signedAt: DateTimeOffset.UtcNow.AddMinutes(-16));
        Assert.Equal((403, "RequestTimeTooSkewed"), (skewed.Status, skewed.ErrorCode));

        // Nothing was stored by the refused writes.
        Assert.Equal("NoSuchKey", (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), key)).ErrorCode);
    }

    [Fact]
    public async Task Anonymous_reads_only_where_the_access_rules_make_objects_public()
    {
        var bucket = await _server.CreateBucketAsync("public");
        var key = await _server.CreateKeyAsync(bucket);
        await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/private"), key, "p"u8.ToArray());
        await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/open"), key, "o"u8.ToArray(), new Dictionary<string, string> { ["x-amz-acl"] = "public-read" });

        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/private"), null)).Status);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/open"), null)).Status);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/anon"), null, "a"u8.ToArray())).Status);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}?list-type=2"), null)).Status);

        await SetAccessRulesAsync(bucket, "private", allowPublicOverrides: true);
        Assert.Equal("o", (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/open"), null)).Text);
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Head, Url($"/{bucket}/open"), null)).Status);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/private"), null)).Status);

        await SetAccessRulesAsync(bucket, "public", allowPublicOverrides: false);
        Assert.Equal("p", (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/private"), null)).Text);
        Assert.Equal(404, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/missing"), null)).Status);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Delete, Url($"/{bucket}/private"), null)).Status);

        await SetAccessRulesAsync(bucket, "private", allowPublicOverrides: false);
        Assert.Equal(403, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/open"), null)).Status);
    }

    [Fact]
    public async Task Each_use_updates_last_used()
    {
        var bucket = await _server.CreateBucketAsync("used");
        var key = await _server.CreateKeyAsync(bucket);
        Assert.Equal("N/A", (await LastUsedAsync(bucket)).GetProperty("serviceName").GetString());

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}?list-type=2"), key)).Status);
        await _server.Server.GetService<AccessKeyUsageTracker>().FlushAsync(CancellationToken.None);

        var lastUsed = await LastUsedAsync(bucket);
        Assert.Equal("s3", lastUsed.GetProperty("serviceName").GetString());
        Assert.Equal("us-east-1", lastUsed.GetProperty("region").GetString());
        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds((long)(lastUsed.GetProperty("lastUsedDate").GetDouble() * 1000)) >= before.AddSeconds(-1));
    }

    [Fact]
    public async Task Virtual_hosted_style_addresses_the_bucket_by_host()
    {
        var bucket = await _server.CreateBucketAsync("vhost");
        var key = await _server.CreateKeyAsync(bucket);
        var port = _server.Server.Endpoint.Port;
        var host = $"http://{bucket}.s3.test.invalid:{port}";

        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, host + "/dir/file.txt", key, "vh"u8.ToArray())).Status);
        Assert.Equal("vh", (await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/dir/file.txt"), key)).Text);
        Assert.Contains("<Key>dir/file.txt</Key>", (await _raw.SendAsync(HttpMethod.Get, host + "/?list-type=2", key)).Text);

        var buckets = await _server.Lightsail.CallOkAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = bucket }));
        var url = buckets.GetProperty("buckets")[0].GetProperty("url").GetString()!;
        Assert.Equal(Url($"/{bucket}/"), url);
    }

    private async Task SetAccessRulesAsync(string bucket, string getObject, bool allowPublicOverrides) =>
        await _server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new { bucketName = bucket, accessRules = new { getObject, allowPublicOverrides } }));

    private async Task<JsonElement> LastUsedAsync(string bucket)
    {
        var keys = await _server.Lightsail.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = bucket }));
        return keys.GetProperty("accessKeys")[0].GetProperty("lastUsed");
    }

    [Fact]
    public async Task A_request_signed_for_another_region_than_the_buckets_names_the_expected_one()
    {
        var bucket = await _server.CreateBucketAsync("regional");
        var key = await _server.CreateKeyAsync(bucket);
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/here"), key, "x"u8.ToArray())).Status);

        foreach (var credentials in new[] { key, _server.Server.RootCredentials })
        {
            var reply = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/here"), credentials, region: "eu-west-1");

            Assert.Equal((400, "AuthorizationHeaderMalformed"), (reply.Status, reply.ErrorCode));
            Assert.Contains("'us-east-1'", reply.Text);
            Assert.Contains("<Region>us-east-1</Region>", reply.Text);
            Assert.Equal("us-east-1", reply.Header("x-amz-bucket-region"));
        }
    }
}
