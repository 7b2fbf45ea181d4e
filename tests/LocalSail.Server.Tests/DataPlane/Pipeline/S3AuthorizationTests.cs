using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

public sealed class S3AuthorizationTests
{
    private readonly KnownBuckets _buckets = new(StageRequests.Photos, StageRequests.Bucket("theirs", "us-west-2", accountId: "999999999999"));

    private static S3RequestContext Request(string method, string path, LocalSail.Server.Authentication.Principal? principal, string region = "us-west-2")
    {
        var context = StageRequests.Context(StageRequests.Unsigned(method, "http://127.0.0.1:4570" + path));
        context.Signed = principal is null ? null : StageRequests.SignedBy(principal, region);
        return context;
    }

    private Task<S3Error?> AuthorizeAsync(S3RequestContext context) => new S3Authorization(_buckets).AuthorizeAsync(context).AsTask();

    [Fact]
    public async Task An_allowed_request_carries_its_bucket_on()
    {
        var context = Request("GET", "/photos/cat.jpg", StageRequests.PhotosPrincipal);

        Assert.Null(await AuthorizeAsync(context));

        Assert.Same(StageRequests.Photos, context.Bucket);
    }

    [Theory]
    [InlineData("PUT", "/photos/cat.jpg")]
    [InlineData("GET", "/photos")]
    [InlineData("GET", "/")]
    [InlineData("DELETE", "/photos/cat.jpg")]
    public async Task Anonymous_requests_may_only_read_an_object_and_learn_nothing_of_the_bucket(string method, string path)
    {
        Assert.Equal(S3Error.AccessDenied, await AuthorizeAsync(Request(method, path, principal: null)));
        Assert.Equal(0, _buckets.Lookups);

        var read = Request("HEAD", "/photos/cat.jpg", principal: null);
        Assert.Null(await AuthorizeAsync(read));
        Assert.Same(StageRequests.Photos, read.BucketRecord);
    }

    [Fact]
    public async Task A_bucket_key_reaches_its_own_bucket_only_and_the_root_key_its_own_account_only()
    {
        Assert.Equal(S3Error.AccessDenied, await AuthorizeAsync(Request("GET", "/other/cat.jpg", StageRequests.PhotosPrincipal)));
        Assert.Equal(0, _buckets.Lookups);
        Assert.Equal(S3Error.AccessDenied, await AuthorizeAsync(Request("GET", "/theirs/cat.jpg", StageRequests.RootPrincipal)));
        Assert.Null(await AuthorizeAsync(Request("GET", "/photos/cat.jpg", StageRequests.RootPrincipal)));
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_is_NoSuchBucket()
    {
        var error = await AuthorizeAsync(Request("GET", "/missing/cat.jpg", StageRequests.RootPrincipal));

        Assert.Equal("NoSuchBucket", error!.Code);
        Assert.Contains(new KeyValuePair<string, string>("BucketName", "missing"), error.Details);
    }

    [Fact]
    public async Task CreateBucket_goes_on_whether_or_not_the_bucket_exists_and_whoever_owns_it()
    {
        var missing = Request("PUT", "/missing", StageRequests.RootPrincipal);
        var existing = Request("PUT", "/theirs", StageRequests.RootPrincipal, region: "eu-west-1");

        Assert.Null(await AuthorizeAsync(missing));
        Assert.Null(await AuthorizeAsync(existing));

        Assert.Null(missing.BucketRecord);
        Assert.Equal("theirs", existing.BucketRecord!.Name);
    }

    [Fact]
    public async Task A_signature_for_another_region_is_refused_naming_the_bucket_region()
    {
        var context = Request("GET", "/photos/cat.jpg", StageRequests.PhotosPrincipal, region: "us-east-1");

        var error = await AuthorizeAsync(context);

        Assert.Equal("AuthorizationHeaderMalformed", error!.Code);
        Assert.Contains("'us-east-1' is wrong; expecting 'us-west-2'", error.Message, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("Region", "us-west-2"), error.Details);
        Assert.Equal("us-west-2", context.Response.Headers["x-amz-bucket-region"].ToString());
        Assert.Null(context.BucketRecord);
    }

    [Fact]
    public async Task A_signature_without_a_region_takes_the_bucket_region()
    {
        var context = Request("GET", "/photos/cat.jpg", StageRequests.PhotosPrincipal, region: string.Empty);

        Assert.Null(await AuthorizeAsync(context));

        Assert.Equal("us-west-2", context.Signed!.Region);
    }
}
