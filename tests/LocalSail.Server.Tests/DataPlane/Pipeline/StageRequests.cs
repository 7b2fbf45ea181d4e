using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LocalSail.Server.Authentication;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

/// <summary>Requests as Kestrel hands them to the S3 endpoint, without a server: signed, presigned or not at all.</summary>
internal static class StageRequests
{
    public static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public const string AccountId = "111122223333";

    public static readonly Credentials Root = new("AKIAROOTROOTROOTROOT", "root-secret-root-secret-root-secret-0000");

    /// <summary>The key of the bucket "photos" (in us-west-2).</summary>
    public static readonly Credentials PhotosKey = new("AKIAPHOTOSPHOTOS0001", "photos-secret-photos-secret-photos-00000");

    public static readonly BucketRecord Photos = Bucket("photos", "us-west-2");

    public static BucketRecord Bucket(string name, string region, string accountId = AccountId) => new()
    {
        Id = "id-" + name,
        Name = name,
        Scope = new ResourceScope(accountId, region),
        BundleId = "small_1_0",
        CreatedAt = Now,
        SupportCode = "support/" + name,
    };

    /// <summary>The request, its path and query exactly as <paramref name="url"/> has them (percent-encoding kept).</summary>
    public static HttpContext Unsigned(string method, string url, IDictionary<string, string>? headers = null)
    {
        var uri = new Uri(url);
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = method;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = PathString.FromUriComponent(uri.AbsolutePath);
        request.QueryString = new QueryString(uri.Query);
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = uri.PathAndQuery;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        return http;
    }

    /// <summary>The request signed with SigV4 in its Authorization header, for <paramref name="region"/>, as an SDK signs it.</summary>
    public static HttpContext Signed(string method, string url, Credentials credentials, string region = "us-west-2", IDictionary<string, string>? headers = null)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        new RequestSigner().Sign(message, credentials, region, "s3", Now, SigV4.UnsignedPayload);
        var signed = new Dictionary<string, string>();
        foreach (var (name, values) in message.Headers)
        {
            signed[name] = string.Join(',', values);
        }

        return Unsigned(method, url, signed);
    }

    /// <summary>A URL presigned in the older form (HMAC-SHA1 over the method, expiry and resource), as <c>aws s3 presign</c> makes it.</summary>
    public static HttpContext PresignedV2(string method, string path, Credentials credentials, DateTimeOffset expires)
    {
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(
            Encoding.UTF8.GetBytes(credentials.SecretAccessKey), Encoding.UTF8.GetBytes($"{method}\n\n\n{expiry}\n{path}")));
        return Unsigned(method, $"http://127.0.0.1:4570{path}?AWSAccessKeyId={credentials.AccessKeyId}&Expires={expiry}&Signature={Uri.EscapeDataString(signature)}");
    }

    /// <summary>The classify stage's context for the request.</summary>
    public static S3RequestContext Context(HttpContext http) => S3Classification.Classify(http, new LocalSailOptions(), "REQUEST-ID", Now);

    /// <summary>What an authenticate stage sets for a request signed by <paramref name="principal"/> in <paramref name="region"/>.</summary>
    public static SignedRequest SignedBy(Principal principal, string region) =>
        new(principal, region, "s3", "20260506T070809Z", string.Empty, string.Empty, [], SigV4.UnsignedPayload, IsPresigned: false);

    public static Principal RootPrincipal => new(AccountId, Root.AccessKeyId, PrincipalKind.AccountRoot);

    public static Principal PhotosPrincipal => new(AccountId, PhotosKey.AccessKeyId, PrincipalKind.BucketAccessKey, "photos");

    /// <summary>The stages' authenticate stage, verifying against the root key and the key of "photos", at <see cref="Now"/>.</summary>
    public static S3Authentication Authentication()
    {
        var credentials = new KnownCredentials();
        return new S3Authentication(new SigV4Verifier(credentials, new SigningKeyCache(), new LocalSail.Testing.ManualClock(Now)), new SigV2PresignedVerifier(credentials), new LocalSail.Server.DataPlane.PostForms.PostFormAuthentication(credentials, new SigningKeyCache()));
    }

    private sealed class KnownCredentials : ICredentialResolver
    {
        public ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken) => new(accessKeyId switch
        {
            _ when accessKeyId == Root.AccessKeyId => new ResolvedCredential(RootPrincipal, Root.SecretAccessKey),
            _ when accessKeyId == PhotosKey.AccessKeyId => new ResolvedCredential(PhotosPrincipal, PhotosKey.SecretAccessKey),
            _ => null,
        });
    }
}

/// <summary>Buckets by name, counting the lookups.</summary>
internal sealed class KnownBuckets(params BucketRecord[] buckets) : IBucketDirectory
{
    public int Lookups { get; private set; }

    public ValueTask<BucketRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        Lookups++;
        return new(buckets.FirstOrDefault(b => b.Name == name));
    }
}
