using LocalSail.Server.DataPlane;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

public sealed class S3AuthenticationTests
{
    private const string Url = "http://127.0.0.1:4570/photos/cat.jpg";

    [Fact]
    public async Task A_SigV4_signature_names_who_signed_and_the_region_it_was_signed_for()
    {
        var context = StageRequests.Context(StageRequests.Signed("GET", Url, StageRequests.PhotosKey, region: "eu-west-1"));

        Assert.Null(await StageRequests.Authentication().AuthenticateAsync(context));

        Assert.Equal(StageRequests.PhotosPrincipal, context.Principal);
        Assert.Equal(("eu-west-1", false), (context.Signed!.Region, context.IsAnonymous));
    }

    [Fact]
    public async Task An_unsigned_request_goes_on_as_anonymous()
    {
        var context = StageRequests.Context(StageRequests.Unsigned("PUT", Url));

        Assert.Null(await StageRequests.Authentication().AuthenticateAsync(context));

        Assert.True(context.IsAnonymous);
    }

    [Fact]
    public async Task Signatures_that_do_not_hold_are_S3_errors()
    {
        var wrongSecret = StageRequests.Context(StageRequests.Signed("GET", Url, new Credentials(StageRequests.PhotosKey.AccessKeyId, "not-the-secret")));
        var unknownKey = StageRequests.Context(StageRequests.Signed("GET", Url, new Credentials("AKIAUNKNOWNUNKNOWN00", "secret")));
        var noPayloadHash = StageRequests.Signed("GET", Url, StageRequests.PhotosKey);
        noPayloadHash.Request.Headers.Remove("x-amz-content-sha256");
        var malformed = StageRequests.Unsigned("GET", Url, new Dictionary<string, string> { ["Authorization"] = "AWS4-HMAC-SHA256 nonsense", ["x-amz-content-sha256"] = SigV4.UnsignedPayload });

        var authentication = StageRequests.Authentication();
        Assert.Equal("SignatureDoesNotMatch", (await authentication.AuthenticateAsync(wrongSecret))!.Code);
        Assert.Equal("InvalidAccessKeyId", (await authentication.AuthenticateAsync(unknownKey))!.Code);
        Assert.Equal("InvalidRequest", (await authentication.AuthenticateAsync(StageRequests.Context(noPayloadHash)))!.Code);
        Assert.Equal("AuthorizationHeaderMalformed", (await authentication.AuthenticateAsync(StageRequests.Context(malformed)))!.Code);
        Assert.All([wrongSecret, unknownKey], c => Assert.Null(c.Signed));
    }

    [Fact]
    public async Task An_older_presigned_URL_is_verified_and_has_no_region_yet()
    {
        var valid = StageRequests.Context(StageRequests.PresignedV2("GET", "/photos/cat.jpg", StageRequests.PhotosKey, StageRequests.Now.AddMinutes(5)));
        var expired = StageRequests.Context(StageRequests.PresignedV2("GET", "/photos/cat.jpg", StageRequests.PhotosKey, StageRequests.Now.AddMinutes(-5)));
        var forged = StageRequests.Context(StageRequests.PresignedV2("GET", "/photos/cat.jpg", new Credentials(StageRequests.PhotosKey.AccessKeyId, "forged"), StageRequests.Now.AddMinutes(5)));

        var authentication = StageRequests.Authentication();
        Assert.Null(await authentication.AuthenticateAsync(valid));
        Assert.Equal((StageRequests.PhotosPrincipal, string.Empty), (valid.Principal, valid.Signed!.Region));
        Assert.Equal(S3Error.ExpiredToken, await authentication.AuthenticateAsync(expired));
        Assert.Equal(S3Error.SignatureDoesNotMatch, await authentication.AuthenticateAsync(forged));
    }
}
