using System.Text.Json;
using LocalSail.Client;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>Each command that changes something, run through localsail, and the server's state after it.</summary>
public sealed class MutatingCommandTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    private async Task<Bucket> BucketAsync(string name, bool includeCors = false) =>
        Assert.Single((await _client.GetBucketsAsync(new GetBucketsRequest { BucketName = name, IncludeCors = includeCors })).Buckets!);

    private async Task CreateAsync(string name) =>
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = name, BundleId = "small_1_0" });

    private static string OperationTypeOf(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        var operations = document.RootElement.GetProperty("operations");
        Assert.Equal(1, operations.GetArrayLength());
        return operations[0].GetProperty("operationType").GetString()!;
    }

    [Fact]
    public async Task Create_bucket_creates_it_with_its_tags_and_versioning()
    {
        var stdout = await fixture.LocalSailOkAsync(
            "create-bucket", "--bucket-name", "cli-create", "--bundle-id", "medium_1_0", "--tags", "key=team,value=storage", "key=flag", "--enable-object-versioning");

        Assert.Equal("CreateBucket", OperationTypeOf(stdout));
        var bucket = await BucketAsync("cli-create");
        Assert.Equal("medium_1_0", bucket.BundleId);
        Assert.Equal("Enabled", bucket.ObjectVersioning);
        Assert.Equal([("team", "storage"), ("flag", null)], bucket.Tags!.Select(t => (t.Key, t.Value)));
        using var printed = JsonDocument.Parse(stdout);
        Assert.Equal(bucket.Arn, printed.RootElement.GetProperty("bucket").GetProperty("arn").GetString());
    }

    [Fact]
    public async Task Delete_bucket_deletes_it_and_force_delete_takes_its_keys()
    {
        await CreateAsync("cli-delete");
        await CreateAsync("cli-delete-forced");
        var key = (await _client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "cli-delete-forced" })).AccessKey!;

        Assert.Equal("DeleteBucket", OperationTypeOf(await fixture.LocalSailOkAsync("delete-bucket", "--bucket-name", "cli-delete")));
        var refused = await CliRun.LocalSailAsync(fixture.Server, "lightsail", "delete-bucket", "--bucket-name", "cli-delete-forced");
        Assert.Equal(254, refused.Exit);
        Assert.Equal(key.AccessKeyId, Assert.Single((await _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "cli-delete-forced" })).AccessKeys!).AccessKeyId);
        Assert.Equal("DeleteBucket", OperationTypeOf(await fixture.LocalSailOkAsync("delete-bucket", "--bucket-name", "cli-delete-forced", "--force-delete")));

        await Assert.ThrowsAsync<NotFoundException>(() => BucketAsync("cli-delete"));
        await Assert.ThrowsAsync<NotFoundException>(() => BucketAsync("cli-delete-forced"));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "cli-delete-forced" }));
    }

    [Fact]
    public async Task Update_bucket_changes_every_member()
    {
        await CreateAsync("cli-update");
        await CreateAsync("cli-update-logs");

        var stdout = await fixture.LocalSailOkAsync(
            "update-bucket",
            "--bucket-name", "cli-update",
            "--access-rules", "getObject=public,allowPublicOverrides=true",
            "--versioning", "Enabled",
            "--readonly-access-accounts", "111122223333", "444455556666",
            "--access-log-config", "enabled=true,destination=cli-update-logs,prefix=logs/",
            "--cors", """{"rules":[{"id":"web","allowedMethods":["GET","PUT"],"allowedOrigins":["https://example.com"],"allowedHeaders":["*"],"exposeHeaders":["ETag"],"maxAgeSeconds":600}]}""");

        Assert.Equal("UpdateBucket", OperationTypeOf(stdout));
        var bucket = await BucketAsync("cli-update", includeCors: true);
        Assert.Equal(AccessType.Public, bucket.AccessRules!.GetObject);
        Assert.True(bucket.AccessRules.AllowPublicOverrides);
        Assert.Equal("Enabled", bucket.ObjectVersioning);
        Assert.Equal(["111122223333", "444455556666"], bucket.ReadonlyAccessAccounts!);
        Assert.True(bucket.AccessLogConfig!.Enabled);
        Assert.Equal("cli-update-logs", bucket.AccessLogConfig.Destination);
        Assert.Equal("logs/", bucket.AccessLogConfig.Prefix);
        var rule = Assert.Single(bucket.Cors!.Rules!);
        Assert.Equal("web", rule.Id);
        Assert.Equal(["GET", "PUT"], rule.AllowedMethods!);
        Assert.Equal(["https://example.com"], rule.AllowedOrigins!);
        Assert.Equal(["*"], rule.AllowedHeaders!);
        Assert.Equal(["ETag"], rule.ExposeHeaders!);
        Assert.Equal(600, rule.MaxAgeSeconds);
    }

    [Fact]
    public async Task Update_bucket_bundle_changes_the_bundle_once()
    {
        await CreateAsync("cli-bundle");

        Assert.Equal("UpdateBucketBundle", OperationTypeOf(await fixture.LocalSailOkAsync("update-bucket-bundle", "--bucket-name", "cli-bundle", "--bundle-id", "large_1_0")));

        var bucket = await BucketAsync("cli-bundle");
        Assert.Equal("large_1_0", bucket.BundleId);
        Assert.False(bucket.AbleToUpdateBundle);
        var again = await CliRun.LocalSailAsync(fixture.Server, "lightsail", "update-bucket-bundle", "--bucket-name", "cli-bundle", "--bundle-id", "medium_1_0");
        Assert.Equal(254, again.Exit);
        Assert.Equal("large_1_0", (await BucketAsync("cli-bundle")).BundleId);
    }

    [Fact]
    public async Task Set_resource_access_for_bucket_allows_then_denies()
    {
        await CreateAsync("cli-access");

        Assert.Equal("SetResourceAccessForBucket", OperationTypeOf(await fixture.LocalSailOkAsync(
            "set-resource-access-for-bucket", "--bucket-name", "cli-access", "--resource-name", "web-1", "--access", "allow")));
        var receiving = Assert.Single((await BucketAsync("cli-access")).ResourcesReceivingAccess!);
        Assert.Equal(("web-1", "Instance"), (receiving.Name, receiving.ResourceType));

        await fixture.LocalSailOkAsync("set-resource-access-for-bucket", "--bucket-name", "cli-access", "--resource-name", "web-1", "--access", "deny");
        Assert.Empty((await BucketAsync("cli-access")).ResourcesReceivingAccess!);
    }

    [Fact]
    public async Task Tag_resource_and_untag_resource_change_the_tags()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "cli-tags", BundleId = "small_1_0", Tags = [new Tag { Key = "team", Value = "storage" }] });

        Assert.Equal("TagResource", OperationTypeOf(await fixture.LocalSailOkAsync(
            "tag-resource", "--resource-name", "cli-tags", "--tags", "key=team,value=platform", "key=env,value=test")));
        Assert.Equal([("team", "platform"), ("env", "test")], (await BucketAsync("cli-tags")).Tags!.Select(t => (t.Key, t.Value)));

        Assert.Equal("UntagResource", OperationTypeOf(await fixture.LocalSailOkAsync("untag-resource", "--resource-name", "cli-tags", "--tag-keys", "team")));
        Assert.Equal([("env", "test")], (await BucketAsync("cli-tags")).Tags!.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public async Task Create_and_delete_bucket_access_key_add_and_remove_a_key()
    {
        await CreateAsync("cli-keys");

        using var created = JsonDocument.Parse(await fixture.LocalSailOkAsync("create-bucket-access-key", "--bucket-name", "cli-keys"));
        var keyId = created.RootElement.GetProperty("accessKey").GetProperty("accessKeyId").GetString()!;
        Assert.Equal(40, created.RootElement.GetProperty("accessKey").GetProperty("secretAccessKey").GetString()!.Length);
        Assert.Equal(keyId, Assert.Single((await _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "cli-keys" })).AccessKeys!).AccessKeyId);

        Assert.Equal("DeleteBucketAccessKey", OperationTypeOf(await fixture.LocalSailOkAsync("delete-bucket-access-key", "--bucket-name", "cli-keys", "--access-key-id", keyId)));

        Assert.Empty((await _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "cli-keys" })).AccessKeys!);
    }
}
