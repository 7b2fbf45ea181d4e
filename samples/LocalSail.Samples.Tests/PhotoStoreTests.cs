using Amazon.S3;
using LocalSail.Lightsail.Model;
using LocalSail.Testing;

namespace LocalSail.Samples.Tests;

/// <summary>One LocalSail server for the whole class, shared through xunit's class fixture.</summary>
public sealed class PhotoStoreTests(LocalSailFixture localSail) : IClassFixture<LocalSailFixture>
{
    private readonly LocalSailTestServer _server = localSail.Server;

    [Fact]
    public async Task A_saved_photo_is_read_back_and_listed()
    {
        var bucket = await _server.CreateBucketWithKeyAsync();
        using var s3 = _server.CreateS3Client(bucket.AccessKey);
        var store = new PhotoStore(s3, bucket.Name);

        await store.SaveAsync("cat.jpg", [0xFF, 0xD8, 0xFF, 0xE0]);

        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], await store.LoadAsync("cat.jpg"));
        Assert.Equal(["cat.jpg"], await store.ListAsync());
    }

    [Fact]
    public async Task A_buckets_key_cannot_reach_another_bucket()
    {
        var mine = await _server.CreateBucketWithKeyAsync();
        var theirs = await _server.CreateBucketAsync();
        using var s3 = _server.CreateS3Client(mine.AccessKey);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => new PhotoStore(s3, theirs).SaveAsync("x.jpg", [1]));

        Assert.Equal("AccessDenied", refused.ErrorCode);
    }

    [Fact]
    public async Task The_lightsail_client_sees_the_buckets_and_keys_a_test_made()
    {
        var bucket = await _server.CreateBucketWithKeyAsync();
        using var lightsail = _server.CreateLightsailClient();

        var keys = await lightsail.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = bucket.Name });

        Assert.Equal(bucket.AccessKey.AccessKeyId, Assert.Single(keys.AccessKeys!).AccessKeyId);
    }
}
