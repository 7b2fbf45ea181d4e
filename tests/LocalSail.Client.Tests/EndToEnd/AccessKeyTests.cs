using System.Text.RegularExpressions;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>Bucket access keys through the typed client against the real server.</summary>
public sealed partial class AccessKeyTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("^AKIA[A-Z2-7]{16}$")]
    private static partial Regex AccessKeyIdFormat();

    [GeneratedRegex("^[A-Za-z0-9+/]{40}$")]
    private static partial Regex SecretFormat();

    private async Task<AccessKey> CreateKeyAsync(string bucketName) =>
        (await _client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = bucketName })).AccessKey!;

    private async Task<List<AccessKey>> ListKeysAsync(string bucketName) =>
        (await _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = bucketName })).AccessKeys!;

    [Fact]
    public async Task CreateBucketAccessKey_answers_the_key_with_its_secret_once()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-keys-create", BundleId = "small_1_0" });

        var before = DateTimeOffset.UtcNow;
        var response = await _client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "e2e-keys-create" });
        var after = DateTimeOffset.UtcNow;

        var key = response.AccessKey!;
        Assert.Matches(AccessKeyIdFormat(), key.AccessKeyId!);
        Assert.Matches(SecretFormat(), key.SecretAccessKey!);
        Assert.Equal(StatusType.Active, key.Status);
        var createdAt = Expect.Between(key.CreatedAt, before, after);
        var operation = Assert.Single(response.Operations!);
        Expect.Operation(operation, OperationType.CreateBucketAccessKey, "e2e-keys-create", details: key.AccessKeyId);
        Assert.Equal(createdAt, operation.CreatedAt);

        // Listed without its secret, never used.
        var listed = Assert.Single(await ListKeysAsync("e2e-keys-create"));
        Assert.Equal(key.AccessKeyId, listed.AccessKeyId);
        Assert.Null(listed.SecretAccessKey);
        Assert.Equal(StatusType.Active, listed.Status);
        Assert.Equal(createdAt, listed.CreatedAt);
        Assert.Null(listed.LastUsed!.LastUsedDate);
        Assert.Equal("N/A", listed.LastUsed.Region);
        Assert.Equal("N/A", listed.LastUsed.ServiceName);
    }

    [Fact]
    public async Task A_third_key_is_refused()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-keys-limit", BundleId = "small_1_0" });
        var first = await CreateKeyAsync("e2e-keys-limit");
        var second = await CreateKeyAsync("e2e-keys-limit");
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        Assert.NotEqual(first.SecretAccessKey, second.SecretAccessKey);

        var refused = await Expect.ErrorAsync<InvalidInputException>(() => CreateKeyAsync("e2e-keys-limit"), "AccessKeyLimitExceeded");

        Assert.Contains("maximum of 2 access keys", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.Tip);
        Assert.Equal(
            new[] { first.AccessKeyId, second.AccessKeyId }.Order(StringComparer.Ordinal),
            (await ListKeysAsync("e2e-keys-limit")).Select(k => k.AccessKeyId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteBucketAccessKey_deletes_one_key_and_then_finds_it_no_more()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-keys-delete", BundleId = "small_1_0" });
        var kept = await CreateKeyAsync("e2e-keys-delete");
        var deleted = await CreateKeyAsync("e2e-keys-delete");

        var before = DateTimeOffset.UtcNow;
        var response = await _client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-keys-delete", AccessKeyId = deleted.AccessKeyId });
        var after = DateTimeOffset.UtcNow;

        var operation = Assert.Single(response.Operations!);
        Expect.Operation(operation, OperationType.DeleteBucketAccessKey, "e2e-keys-delete", details: deleted.AccessKeyId);
        Expect.Between(operation.CreatedAt, before, after);
        Assert.Equal(kept.AccessKeyId, Assert.Single(await ListKeysAsync("e2e-keys-delete")).AccessKeyId);

        var again = await Expect.ErrorAsync<NotFoundException>(
            () => _client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-keys-delete", AccessKeyId = deleted.AccessKeyId }),
            "DoesNotExist");
        Assert.Contains("DoesNotExist", again.Message, StringComparison.Ordinal);
        Assert.Contains(deleted.AccessKeyId!, again.Message, StringComparison.Ordinal);

        // The freed place takes a new key.
        var replacement = await CreateKeyAsync("e2e-keys-delete");
        Assert.Equal(2, (await ListKeysAsync("e2e-keys-delete")).Count);
        Assert.NotEqual(deleted.AccessKeyId, replacement.AccessKeyId);
    }

    [Fact]
    public async Task Access_keys_of_a_missing_bucket_are_not_found()
    {
        await Expect.ErrorAsync<NotFoundException>(() => CreateKeyAsync("e2e-keys-missing"), "DoesNotExist");
        await Expect.ErrorAsync<NotFoundException>(() => ListKeysAsync("e2e-keys-missing"), "DoesNotExist");
        var delete = await Expect.ErrorAsync<NotFoundException>(
            () => _client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-keys-missing", AccessKeyId = "AKIANOSUCHKEY0000000" }),
            "DoesNotExist");
        Assert.Contains("e2e-keys-missing", delete.Message, StringComparison.Ordinal);
    }
}
