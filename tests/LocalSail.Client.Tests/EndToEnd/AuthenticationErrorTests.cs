using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>UnauthenticatedException and AccessDeniedException as the real server answers them.</summary>
public sealed class AuthenticationErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_wrong_secret_is_unauthenticated()
    {
        using var client = fixture.CreateClient(new Credentials(fixture.Server.RootCredentials.AccessKeyId, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

        var error = await Expect.ErrorAsync<UnauthenticatedException>(() => client.GetBucketBundlesAsync(new GetBucketBundlesRequest()), "Unauthenticated");

        Assert.Equal("The request signature we calculated does not match the signature you provided.", error.Message);
        Assert.NotNull(error.Tip);
    }

    [Fact]
    public async Task An_unknown_access_key_is_unauthenticated()
    {
        using var client = fixture.CreateClient(new Credentials("AKIANOSUCHKEY0000000", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

        var error = await Expect.ErrorAsync<UnauthenticatedException>(() => client.GetBucketsAsync(new GetBucketsRequest()), "Unauthenticated");

        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task A_request_signed_more_than_fifteen_minutes_off_the_server_clock_is_unauthenticated(int minutes)
    {
        using var client = fixture.CreateClient(clock: new ManualClock(DateTimeOffset.UtcNow.AddMinutes(minutes)));

        var error = await Expect.ErrorAsync<UnauthenticatedException>(() => client.GetBucketBundlesAsync(new GetBucketBundlesRequest()), "Unauthenticated");

        Assert.Equal("The difference between the request time and the current time is too large.", error.Message);
    }

    [Fact]
    public async Task A_request_signed_a_few_minutes_off_is_accepted()
    {
        using var client = fixture.CreateClient(clock: new ManualClock(DateTimeOffset.UtcNow.AddMinutes(-5)));

        var response = await client.GetBucketBundlesAsync(new GetBucketBundlesRequest());

        Assert.Equal(3, response.Bundles!.Count);
    }

    [Fact]
    public async Task A_bucket_access_key_is_denied_the_lightsail_api()
    {
        using var root = fixture.CreateClient();
        await root.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-denied", BundleId = "small_1_0" });
        var key = (await root.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "e2e-denied" })).AccessKey!;
        using var client = fixture.CreateClient(new Credentials(key.AccessKeyId!, key.SecretAccessKey!));

        var error = await Expect.ErrorAsync<AccessDeniedException>(
            () => client.GetBucketsAsync(new GetBucketsRequest { BucketName = "e2e-denied" }), "AccessDenied");
        Assert.Contains(key.AccessKeyId!, error.Message, StringComparison.Ordinal);
        Assert.Contains("S3 endpoint", error.Tip, StringComparison.Ordinal);

        // Not even on its own bucket, and not for a change: nothing is deleted.
        await Expect.ErrorAsync<AccessDeniedException>(
            () => client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-denied", AccessKeyId = key.AccessKeyId }), "AccessDenied");
        Assert.Single((await root.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "e2e-denied" })).AccessKeys!);

        // Once deleted, the key is no longer known at all.
        await root.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-denied", AccessKeyId = key.AccessKeyId });
        await Expect.ErrorAsync<UnauthenticatedException>(() => client.GetBucketsAsync(new GetBucketsRequest()), "Unauthenticated");
    }

    [Fact]
    public async Task Input_that_fails_the_model_is_invalid_input()
    {
        using var client = fixture.CreateClient();

        var error = await Expect.ErrorAsync<InvalidInputException>(
            () => client.CreateBucketAsync(new CreateBucketRequest { BucketName = "ab", BundleId = "small_1_0" }), "InvalidInput");

        Assert.StartsWith("1 validation error detected", error.Message, StringComparison.Ordinal);
        Assert.Contains("bucketName", error.Message, StringComparison.Ordinal);
    }
}
