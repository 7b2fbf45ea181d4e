using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>TagResource and UntagResource on buckets, the only taggable resource LocalSail has.</summary>
public sealed class TagTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    private async Task<List<(string?, string?)>> TagsAsync(string bucketName) =>
        [.. Assert.Single((await _client.GetBucketsAsync(new GetBucketsRequest { BucketName = bucketName })).Buckets!).Tags!.Select(t => (t.Key, t.Value))];

    /// <summary>
    /// The server records these changes as TagResource and UntagResource operations, names the model's
    /// OperationType enumeration does not list: the client reads them as <see cref="OperationType.Unrecognized"/>.
    /// </summary>
    private static void AssertTaggingOperation(Operation operation, string bucketName)
    {
        Expect.Operation(operation, OperationType.Unrecognized, bucketName);
    }

    [Fact]
    public async Task TagResource_adds_and_replaces_tags_and_UntagResource_removes_them()
    {
        var bucket = (await _client.CreateBucketAsync(new CreateBucketRequest
        {
            BucketName = "e2e-tags",
            BundleId = "small_1_0",
            Tags = [new Tag { Key = "team", Value = "storage" }],
        })).Bucket!;

        var before = DateTimeOffset.UtcNow;
        var tagged = await _client.TagResourceAsync(new TagResourceRequest
        {
            ResourceName = "e2e-tags",
            ResourceArn = bucket.Arn,
            Tags = [new Tag { Key = "team", Value = "platform" }, new Tag { Key = "env", Value = "test" }, new Tag { Key = "flag" }],
        });
        var after = DateTimeOffset.UtcNow;

        var operation = Assert.Single(tagged.Operations!);
        AssertTaggingOperation(operation, "e2e-tags");
        Expect.Between(operation.CreatedAt, before, after);
        Assert.Equal([("team", "platform"), ("env", "test"), ("flag", null)], await TagsAsync("e2e-tags"));

        var untagged = await _client.UntagResourceAsync(new UntagResourceRequest { ResourceName = "e2e-tags", TagKeys = ["team", "flag", "never-there"] });

        AssertTaggingOperation(Assert.Single(untagged.Operations!), "e2e-tags");
        Assert.Equal([("env", "test")], await TagsAsync("e2e-tags"));
    }

    [Fact]
    public async Task Tagging_refuses_a_foreign_arn_a_reserved_key_and_a_missing_resource()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-tags-refused", BundleId = "small_1_0", Tags = [new Tag { Key = "keep", Value = "me" }] });
        var otherArn = (await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-tags-other", BundleId = "small_1_0" })).Bucket!.Arn;

        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.TagResourceAsync(new TagResourceRequest { ResourceName = "e2e-tags-refused", ResourceArn = otherArn, Tags = [new Tag { Key = "a", Value = "b" }] }),
            "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UntagResourceAsync(new UntagResourceRequest { ResourceName = "e2e-tags-refused", ResourceArn = otherArn, TagKeys = ["keep"] }),
            "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.TagResourceAsync(new TagResourceRequest { ResourceName = "e2e-tags-refused", Tags = [new Tag { Key = "aws:owner", Value = "b" }] }),
            "InvalidInput");
        var tooMany = await Expect.ErrorAsync<InvalidInputException>(
            () => _client.TagResourceAsync(new TagResourceRequest
            {
                ResourceName = "e2e-tags-refused",
                Tags = [.. Enumerable.Range(0, 50).Select(i => new Tag { Key = $"k{i}", Value = "v" })],
            }),
            "InvalidInput");
        Assert.Contains("at most 50 tags", tooMany.Message, StringComparison.Ordinal);
        var missing = await Expect.ErrorAsync<NotFoundException>(
            () => _client.TagResourceAsync(new TagResourceRequest { ResourceName = "e2e-tags-missing", Tags = [new Tag { Key = "a", Value = "b" }] }),
            "DoesNotExist");
        Assert.Contains("e2e-tags-missing", missing.Message, StringComparison.Ordinal);
        await Expect.ErrorAsync<NotFoundException>(
            () => _client.UntagResourceAsync(new UntagResourceRequest { ResourceName = "e2e-tags-missing", TagKeys = ["a"] }),
            "DoesNotExist");

        Assert.Equal([("keep", "me")], await TagsAsync("e2e-tags-refused"));
    }
}
