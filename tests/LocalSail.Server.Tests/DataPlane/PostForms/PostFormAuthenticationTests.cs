using System.Text;
using LocalSail.Server.Authentication;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.PostForms;
using LocalSail.Server.Tests.DataPlane.Pipeline;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.PostForms;

/// <summary>Who signed a POST form: AWS's documented SigV4 example, and what is refused before the policy is read.</summary>
public sealed class PostFormAuthenticationTests
{
    private const string Boundary = "9431149156168";

    // AWS's example of a browser upload signed with SigV4 ("Example: Browser-Based Upload using HTTP POST").
    private const string ExampleAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string ExamplePolicy =
        "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";

    private const string ExampleSignature = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

    private static readonly Principal ExamplePrincipal = new("111122223333", ExampleAccessKeyId, PrincipalKind.AccountRoot);

    private static (string Name, string Value)[] ExampleFields(string signature = ExampleSignature) =>
    [
        ("key", "user/user1/${filename}"),
        ("acl", "public-read"),
        ("success_action_redirect", "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"),
        ("Content-Type", "image/jpeg"),
        ("x-amz-meta-uuid", "14365123651274"),
        ("x-amz-server-side-encryption", "AES256"),
        ("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"),
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Date", "20151229T000000Z"),
        ("x-amz-meta-tag", string.Empty),
        ("Policy", ExamplePolicy),
        ("X-Amz-Signature", signature),
    ];

    private static S3RequestContext Post(IEnumerable<(string Name, string Value)> fields)
    {
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            body.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        body.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"MyPicture.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n...file content...\r\n--{Boundary}--\r\n");
        var http = StageRequests.Unsigned("POST", "http://sigv4examplebucket.s3.localhost.localsail.dev/", new Dictionary<string, string>
        {
            ["Content-Type"] = "multipart/form-data; boundary=" + Boundary,
        });
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body.ToString()));
        return StageRequests.Context(http);
    }

    private static PostFormAuthentication Authentication() => new(new ExampleCredentials(), new SigningKeyCache());

    [Fact]
    public async Task AWSs_example_form_is_signed_by_its_key_in_its_scope_and_meets_its_own_policy()
    {
        var context = Post(ExampleFields());
        Assert.Equal(S3Operation.PostObject, context.Route.Operation);

        var error = await Authentication().AuthenticateAsync(context);

        Assert.Null(error);
        Assert.Equal((ExamplePrincipal, "us-east-1", "20151229/us-east-1/s3/aws4_request"), (context.Signed!.Principal, context.Signed.Region, context.Signed.Scope));
        var (policy, policyError) = PostPolicy.Parse(context.PostForm!.Field("policy")!);
        Assert.Null(policyError);
        Assert.Null(policy!.Check(context.PostForm, "sigv4examplebucket", new DateTimeOffset(2015, 12, 29, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("user/user1/MyPicture.jpg", context.PostForm.Field("key"));
    }

    [Fact]
    public async Task Another_signature_does_not_match_and_the_error_shows_what_was_signed()
    {
        var context = Post(ExampleFields(signature: new string('0', 64)));

        var error = await Authentication().AuthenticateAsync(context);

        Assert.Equal(("SignatureDoesNotMatch", 403), (error!.Code, error.Status));
        Assert.Contains(new KeyValuePair<string, string>("StringToSign", ExamplePolicy), error.Details);
        Assert.Contains(new KeyValuePair<string, string>("AWSAccessKeyId", ExampleAccessKeyId), error.Details);
        Assert.Null(context.Signed);
    }

    [Fact]
    public async Task The_older_signature_is_HMAC_SHA1_of_the_policy_and_takes_the_buckets_region_later()
    {
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(ExampleSecret), Encoding.UTF8.GetBytes(ExamplePolicy)));
        var context = Post([("key", "k"), ("AWSAccessKeyId", ExampleAccessKeyId), ("policy", ExamplePolicy), ("signature", signature)]);

        Assert.Null(await Authentication().AuthenticateAsync(context));
        Assert.Equal((ExamplePrincipal, string.Empty), (context.Signed!.Principal, context.Signed.Region));

        var forged = Post([("key", "k"), ("AWSAccessKeyId", ExampleAccessKeyId), ("policy", ExamplePolicy), ("signature", "AAAA" + signature[4..])]);
        Assert.Equal("SignatureDoesNotMatch", (await Authentication().AuthenticateAsync(forged))!.Code);
    }

    [Fact]
    public async Task A_form_with_no_signature_is_anonymous()
    {
        var context = Post([("key", "k"), ("policy", ExamplePolicy)]);
        Assert.Null(await Authentication().AuthenticateAsync(context));
        Assert.True(context.IsAnonymous);
        Assert.NotNull(context.PostForm);
    }

    [Theory]
    [InlineData("key", "key")]
    [InlineData("X-Amz-Algorithm", "X-Amz-Algorithm")]
    [InlineData("X-Amz-Credential", "X-Amz-Credential")]
    [InlineData("X-Amz-Date", "X-Amz-Date")]
    [InlineData("X-Amz-Signature", "X-Amz-Signature")]
    [InlineData("Policy", "Policy")]
    public async Task A_missing_field_is_named(string left, string named)
    {
        var error = await Authentication().AuthenticateAsync(Post(ExampleFields().Where(f => f.Name != left)));
        Assert.Equal(("InvalidArgument", $"Bucket POST must contain a field named '{named}'.  If it is specified, please check the order of the fields."), (error!.Code, error.Message));
        Assert.Equal([new("ArgumentName", named), new("ArgumentValue", string.Empty)], error.Details);
    }

    [Theory]
    [InlineData("X-Amz-Algorithm", "AWS4-HMAC-SHA512", "X-Amz-Algorithm")]
    [InlineData("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/ec2/aws4_request", "X-Amz-Credential")]
    [InlineData("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/2015-12-29/us-east-1/s3/aws4_request", "X-Amz-Credential")]
    [InlineData("X-Amz-Date", "2015-12-29", "X-Amz-Date")]
    public async Task A_malformed_signing_field_is_an_invalid_argument_naming_it(string field, string value, string named)
    {
        var error = await Authentication().AuthenticateAsync(Post(ExampleFields().Select(f => f.Name == field ? (f.Name, value) : f)));
        Assert.Equal("InvalidArgument", error!.Code);
        Assert.Equal([new("ArgumentName", named), new("ArgumentValue", value)], error.Details);
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidAccessKeyId()
    {
        var fields = ExampleFields().Select(f => f.Name == "X-Amz-Credential" ? (f.Name, "AKIAUNKNOWN/20151229/us-east-1/s3/aws4_request") : f);
        var error = await Authentication().AuthenticateAsync(Post(fields));
        Assert.Equal(("InvalidAccessKeyId", 403), (error!.Code, error.Status));
    }

    private sealed class ExampleCredentials : ICredentialResolver
    {
        public ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken) =>
            new(accessKeyId == ExampleAccessKeyId ? new ResolvedCredential(ExamplePrincipal, ExampleSecret) : null);
    }
}
