using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Hosting;

/// <summary>
/// What one request was, in the domain's words: which API and operation, on which bucket, by which key,
/// and the error it answered. The endpoint that serves a request fills it in; the router reads it when the
/// request is done (for the request log, the metrics and the access logs). Never holds a secret.
/// </summary>
internal sealed class RequestSummary
{
    /// <summary>The API that served the request.</summary>
    public RequestApi Api { get; set; }

    /// <summary>The operation's wire name (e.g. <c>CreateBucket</c>, <c>PutObject</c>); null until known.</summary>
    public string? Operation { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The object key, on the S3 endpoint.</summary>
    public string? Key { get; set; }

    /// <summary>The access key id that signed the request; null when anonymous or not yet authenticated.</summary>
    public string? AccessKeyId => Principal?.AccessKeyId;

    /// <summary>
    /// The account whose key signed the request (a bucket key's account, or the account whose root key it is); null
    /// when anonymous. On the S3 endpoint it may be another account than the bucket's: one its readonlyAccessAccounts lists.
    /// </summary>
    public string? AccountId => Principal?.AccountId;

    /// <summary>The wire error code answered (<c>NoSuchKey</c>, <c>InvalidInputException</c>, ...); null on success.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The request id sent back to the client.</summary>
    public string? RequestId { get; set; }

    /// <summary>Who signed the request, once verified; null when anonymous or not verified.</summary>
    public Principal? Principal { get; set; }

    /// <summary>
    /// The bucket whose access log records this request; set only when the bucket named by the request has
    /// access logging enabled, so that a request to a bucket that does not log costs the access logs nothing.
    /// </summary>
    public BucketRecord? AccessLogBucket { get; set; }

    /// <summary>When the request arrived (<see cref="System.Diagnostics.Stopwatch"/> ticks), set by the router.</summary>
    public long ArrivedTimestamp { get; set; }

    /// <summary>When the answer's first byte was sent (<see cref="System.Diagnostics.Stopwatch"/> ticks); 0 unless the access log asked for it.</summary>
    public long AnswerStartedTimestamp { get; set; }

    /// <summary>The summary of <paramref name="context"/>'s request, made when it is first asked for.</summary>
    public static RequestSummary Of(HttpContext context)
    {
        var summary = context.Features.Get<RequestSummary>();
        if (summary is null)
        {
            summary = new RequestSummary();
            context.Features.Set(summary);
        }

        return summary;
    }
}

internal enum RequestApi
{
    S3,
    Lightsail,
}
