using Amazon.S3.Model;
using LocalSail.Testing;

namespace LocalSail.Samples.Tests;

/// <summary>A server of a test's own, set up for it, and the settings to hand to code that builds its own clients.</summary>
public sealed class OwnServerTests
{
    [Fact]
    public async Task A_server_in_another_region_keeps_its_buckets_there()
    {
        await using var server = await LocalSailTestServer.StartAsync(options => options.Region = "eu-west-1");
        var bucket = await server.CreateBucketAsync("sample-eu-bucket");

        var config = server.CreateS3Config();
        Assert.Equal(("eu-west-1", true), (config.AuthenticationRegion, config.ForcePathStyle));
        using var s3 = server.CreateS3Client();
        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest());

        Assert.Equal(bucket, Assert.Single(buckets.Buckets!).BucketName);
    }

    [Fact]
    public async Task Code_that_takes_an_endpoint_and_credentials_gets_them_from_the_server()
    {
        await using var server = await LocalSailTestServer.StartAsync();

        Assert.StartsWith("http://127.0.0.1:", server.EndpointUrl, StringComparison.Ordinal);
        Assert.Equal(new Uri(server.EndpointUrl + "/"), server.Endpoint);
        Assert.Equal("us-east-1", server.Region);
        Assert.Equal(20, server.RootCredentials.AccessKeyId.Length);
        Assert.Equal(12, server.AccountId.Length);
    }
}
