using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

public sealed class S3AuthorizationTests
{
    // "shared" is another account's bucket that lists StageRequests' account among its readers.
    private readonly KnownBuckets _buckets = new(
        StageRequests.Photos,
        StageRequests.Bucket("theirs", "us-west-2", accountId: "999999999999"),
        StageRequests.Bucket("shared", "us-west-2", accountId: "999999999999") with { ReadonlyAccessAccounts = ["444455556666", StageRequests.AccountId] });

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

    [Theory]
    [InlineData("GET", "/shared/cat.jpg", "GetObject")]
    [InlineData("HEAD", "/shared/cat.jpg?versionId=v1", "HeadObject")]
    [InlineData("GET", "/shared", "ListObjects")]
    [InlineData("GET", "/shared?list-type=2&prefix=a", "ListObjectsV2")]
    [InlineData("GET", "/shared?versions", "ListObjectVersions")]
    [InlineData("HEAD", "/shared", "HeadBucket")]
    [InlineData("GET", "/shared?location", "GetBucketLocation")]
    [InlineData("GET", "/shared?versioning", "GetBucketVersioning")]
    public async Task The_root_key_of_an_account_a_bucket_lists_as_a_reader_may_read_it(string method, string path, string operation)
    {
        var context = Request(method, path, StageRequests.RootPrincipal);
        Assert.Equal(operation, context.Route.Operation.ToString());

        Assert.Null(await AuthorizeAsync(context));

        Assert.Equal("shared", context.Bucket.Name);
    }

    [Theory]
    [InlineData("PUT", "/shared/cat.jpg")]
    [InlineData("DELETE", "/shared/cat.jpg")]
    [InlineData("POST", "/shared?delete")]
    [InlineData("POST", "/shared/cat.jpg?uploads")]
    [InlineData("GET", "/shared?uploads")]
    [InlineData("GET", "/shared/cat.jpg?tagging")]
    [InlineData("PUT", "/shared/cat.jpg?tagging")]
    [InlineData("GET", "/shared/cat.jpg?acl")]
    [InlineData("PUT", "/shared/cat.jpg?acl")]
    [InlineData("GET", "/shared?policy")]
    public async Task A_listed_reader_may_do_nothing_but_read(string method, string path)
    {
        Assert.Equal(S3Error.AccessDenied, await AuthorizeAsync(Request(method, path, StageRequests.RootPrincipal)));
    }

    [Fact]
    public async Task A_bucket_key_of_a_listed_account_reads_nothing_of_the_bucket()
    {
        Assert.Equal(S3Error.AccessDenied, await AuthorizeAsync(Request("GET", "/shared/cat.jpg", StageRequests.PhotosPrincipal)));
        Assert.Equal(0, _buckets.Lookups);
    }

    [Fact]
    public void A_listed_reader_may_read_objects_to_copy_them_and_an_unlisted_account_may_not()
    {
        var shared = StageRequests.Bucket("shared", "us-west-2", accountId: "999999999999") with { ReadonlyAccessAccounts = [StageRequests.AccountId] };

        Assert.True(ReadonlyAccess.MayRead(StageRequests.RootPrincipal, shared));
        Assert.True(ReadonlyAccess.MayRead(StageRequests.RootPrincipal, StageRequests.Photos));
        Assert.True(ReadonlyAccess.MayRead(StageRequests.PhotosPrincipal, StageRequests.Photos));
        Assert.False(ReadonlyAccess.MayRead(StageRequests.PhotosPrincipal, shared));
        Assert.False(ReadonlyAccess.MayRead(StageRequests.RootPrincipal, shared with { ReadonlyAccessAccounts = ["444455556666"] }));
    }
}
