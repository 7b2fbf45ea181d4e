using System.Reflection;
using LocalSail.Server.Authentication;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.Storage;
using LocalSail.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

/// <summary>The order of the stages, and the one place a key's use is recorded.</summary>
public sealed class S3PipelineTests
{
    private static readonly BucketRecord Site = StageRequests.Bucket("site", "us-west-2") with
    {
        CorsRules = [new CorsRule(null, ["GET"], ["https://app.example"], null, ["ETag"], 600)],
    };

    private readonly RecordingHandler _getObject = new(S3Operation.GetObject);
    private readonly RecordingHandler _preflight = new(S3Operation.CorsPreflight);
    private readonly KnownBuckets _buckets = new(StageRequests.Photos, Site);
    private readonly AccessKeyUsageTracker _usage = new(UnusedStore.Create(), new ControlPlaneChanges(), NullLogger<AccessKeyUsageTracker>.Instance);
    private readonly S3Pipeline _pipeline;

    public S3PipelineTests() =>
        _pipeline = new S3Pipeline(
            StageRequests.Authentication(),
            new S3Authorization(_buckets),
            new S3Cors(_buckets),
            new S3HandlerTable([_getObject, _preflight]),
            _usage);

    private Task<S3Error?> RunAsync(Microsoft.AspNetCore.Http.HttpContext http) => _pipeline.RunAsync(StageRequests.Context(http));

    private AccessKeyUse? PhotosKeyUse => _usage.LatestUse(StageRequests.PhotosKey.AccessKeyId, null);

    [Fact]
    public async Task A_signed_read_reaches_its_handler_with_its_bucket_and_records_the_key_use_in_its_region()
    {
        Assert.Null(await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos/cat.jpg", StageRequests.PhotosKey)));

        Assert.Same(StageRequests.Photos, Assert.Single(_getObject.Seen).Bucket);
        Assert.Equal(new AccessKeyUse(StageRequests.Now, "us-west-2", "s3"), PhotosKeyUse);
    }

    [Fact]
    public async Task A_method_S3_does_not_allow_is_refused_before_the_signature_is_looked_at()
    {
        var forged = StageRequests.Signed("PATCH", "http://127.0.0.1:4570/photos", new Credentials(StageRequests.PhotosKey.AccessKeyId, "forged"));

        Assert.Equal(S3Error.MethodNotAllowed, await RunAsync(forged));
        Assert.Null(PhotosKeyUse);
    }

    [Fact]
    public async Task An_unserved_subresource_is_NotImplemented_only_once_the_request_is_authenticated_and_allowed()
    {
        Assert.Equal(S3Error.AccessDenied, await RunAsync(StageRequests.Unsigned("GET", "http://127.0.0.1:4570/photos?policy")));
        Assert.Equal(S3Error.AccessDenied, await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/other?policy", StageRequests.PhotosKey)));
        Assert.Equal(
            "SignatureDoesNotMatch",
            (await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos?policy", new Credentials(StageRequests.PhotosKey.AccessKeyId, "forged"))))!.Code);
        Assert.Equal(S3Error.NotImplemented, await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos?policy", StageRequests.PhotosKey)));
    }

    [Fact]
    public async Task Validation_comes_after_authorization_and_stops_the_request_before_its_handler()
    {
        var longKey = "http://127.0.0.1:4570/photos/" + new string('k', 1025);

        Assert.Equal("NoSuchBucket", (await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/missing/" + new string('k', 1025), StageRequests.Root)))!.Code);
        Assert.Equal(S3Error.KeyTooLongError, await RunAsync(StageRequests.Signed("GET", longKey, StageRequests.PhotosKey)));
        Assert.Empty(_getObject.Seen);
    }

    [Fact]
    public async Task A_key_use_is_recorded_even_when_the_request_is_then_refused()
    {
        var error = await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos/cat.jpg", StageRequests.PhotosKey, region: "eu-central-1"));

        Assert.Equal("AuthorizationHeaderMalformed", error!.Code);
        Assert.Equal(new AccessKeyUse(StageRequests.Now, "eu-central-1", "s3"), PhotosKeyUse);
    }

    [Fact]
    public async Task An_older_presigned_URL_records_its_use_in_the_bucket_region()
    {
        Assert.Null(await RunAsync(StageRequests.PresignedV2("GET", "/photos/cat.jpg", StageRequests.PhotosKey, StageRequests.Now.AddMinutes(5))));

        Assert.Equal(new AccessKeyUse(StageRequests.Now, "us-west-2", "s3"), PhotosKeyUse);
    }

    [Fact]
    public async Task The_root_key_and_anonymous_requests_record_no_use()
    {
        await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos/cat.jpg", StageRequests.Root));
        await RunAsync(StageRequests.Unsigned("GET", "http://127.0.0.1:4570/photos/cat.jpg"));

        Assert.Equal(2, _getObject.Seen.Count);
        Assert.Null(_usage.LatestUse(StageRequests.Root.AccessKeyId, null));
        Assert.Null(PhotosKeyUse);
    }

    [Fact]
    public async Task A_preflight_reaches_its_handler_without_credentials_and_without_the_other_stages()
    {
        Assert.Null(await RunAsync(StageRequests.Unsigned("OPTIONS", "http://127.0.0.1:4570/site/cat.jpg", new Dictionary<string, string> { ["Origin"] = "https://app.example" })));

        Assert.Single(_preflight.Seen);
        Assert.Equal(0, _buckets.Lookups);
    }

    [Fact]
    public async Task A_request_without_Origin_does_no_CORS_work_and_carries_no_CORS_headers()
    {
        var refused = StageRequests.Signed("GET", "http://127.0.0.1:4570/site/cat.jpg", new Credentials(StageRequests.Root.AccessKeyId, "forged"));
        Assert.Equal("SignatureDoesNotMatch", (await RunAsync(refused))!.Code);
        Assert.Equal(0, _buckets.Lookups);

        var allowed = StageRequests.Signed("GET", "http://127.0.0.1:4570/site/cat.jpg", StageRequests.Root);
        Assert.Null(await RunAsync(allowed));
        Assert.Equal(1, _buckets.Lookups);
        Assert.DoesNotContain(allowed.Response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Key == "Vary");
    }

    [Fact]
    public async Task A_cross_origin_answer_carries_the_matching_rule_headers_on_success_and_on_error()
    {
        var origin = new Dictionary<string, string> { ["Origin"] = "https://app.example" };
        var allowed = StageRequests.Signed("GET", "http://127.0.0.1:4570/site/cat.jpg", StageRequests.Root, headers: origin);
        Assert.Null(await RunAsync(allowed));
        Assert.Equal("https://app.example", allowed.Response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal("GET", allowed.Response.Headers.AccessControlAllowMethods.ToString());
        Assert.Equal("ETag", allowed.Response.Headers.AccessControlExposeHeaders.ToString());
        Assert.Equal("600", allowed.Response.Headers.AccessControlMaxAge.ToString());
        Assert.Equal("true", allowed.Response.Headers.AccessControlAllowCredentials.ToString());
        Assert.Equal("Origin, Access-Control-Request-Headers, Access-Control-Request-Method", allowed.Response.Headers.Vary.ToString());

        // Refused before the authorize stage found the bucket: looked up for CORS alone, and decorated all the same.
        var forged = StageRequests.Signed("GET", "http://127.0.0.1:4570/site/cat.jpg", new Credentials(StageRequests.Root.AccessKeyId, "forged"), headers: origin);
        Assert.Equal("SignatureDoesNotMatch", (await RunAsync(forged))!.Code);
        Assert.Equal("https://app.example", forged.Response.Headers.AccessControlAllowOrigin.ToString());

        var otherOrigin = StageRequests.Signed("GET", "http://127.0.0.1:4570/site/cat.jpg", StageRequests.Root, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Null(await RunAsync(otherOrigin));
        Assert.DoesNotContain(otherOrigin.Response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Key == "Vary");
    }

    [Fact]
    public async Task A_bucket_key_may_not_read_or_change_its_bucket_CORS_configuration()
    {
        Assert.Equal(S3Error.AccessDenied, await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos?cors", StageRequests.PhotosKey)));
        Assert.Equal(S3Error.AccessDenied, await RunAsync(StageRequests.Signed("DELETE", "http://127.0.0.1:4570/photos?cors", StageRequests.PhotosKey)));
        Assert.Equal(S3Error.NotImplemented, await RunAsync(StageRequests.Signed("GET", "http://127.0.0.1:4570/photos?cors", StageRequests.Root)));
    }

    private sealed class RecordingHandler(S3Operation operation) : IS3Handler
    {
        public List<S3RequestContext> Seen { get; } = [];

        public S3Operation Operation => operation;

        public Task<S3Error?> HandleAsync(S3RequestContext context)
        {
            Seen.Add(context);
            return Task.FromResult<S3Error?>(null);
        }
    }

    /// <summary>A control-plane store the test never reaches: recording a use writes nothing until a flush.</summary>
    internal class UnusedStore : DispatchProxy
    {
        public static IControlPlaneStore Create() => Create<IControlPlaneStore, UnusedStore>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} was not expected.");
    }
}
