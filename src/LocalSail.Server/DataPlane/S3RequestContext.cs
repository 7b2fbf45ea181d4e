using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// One S3 request as it passes through the stages (classify, authenticate, authorize, validate, handle): what it
/// asks for, who asks, the bucket it names. Each stage fills in what it decides; handlers read it.
/// </summary>
internal sealed class S3RequestContext(HttpContext http, S3Route route, string requestId, DateTimeOffset now)
{
    public HttpContext Http { get; } = http;

    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public S3Route Route { get; } = route;

    /// <summary>The path exactly as sent (percent-encoded), as the older presigned form signs it.</summary>
    public string RawPath { get; init; } = string.Empty;

    public string RequestId { get; } = requestId;

    public DateTimeOffset Now { get; } = now;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The verified signature (set by the authenticate stage); null for an anonymous request.</summary>
    public SignedRequest? Signed { get; set; }

    public Principal? Principal => Signed?.Principal;

    public bool IsAnonymous => Signed is null;

    /// <summary>The bucket the request names (set by the authorize stage when there is one).</summary>
    public BucketRecord? BucketRecord { get; set; }

    /// <summary>A POST Object's form as far as its file (set by the authenticate stage, which reads it for its signature).</summary>
    internal PostForms.PostForm? PostForm { get; set; }

    public BucketRecord Bucket => BucketRecord ?? throw new InvalidOperationException("The request names no bucket.");

    public string Key => Route.Key ?? throw new InvalidOperationException("The request names no key.");

    /// <summary>The resource named in error documents: /bucket/key.</summary>
    public string Resource => Route.Bucket is null ? "/" : Route.Key is null ? "/" + Route.Bucket : "/" + Route.Bucket + "/" + Route.Key;

    public string? Query(string name)
    {
        var values = Request.Query[name];
        return values.Count == 0 ? null : values[0];
    }

    public string? Header(string name)
    {
        var values = Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }
}
