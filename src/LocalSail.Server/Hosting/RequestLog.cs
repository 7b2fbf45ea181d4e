using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Hosting;

/// <summary>
/// The request log (<c>--verbose</c>): one structured line per request, once it is answered. It names the
/// access key id that signed the request, never its secret, and never the signature, the query or headers.
/// </summary>
internal sealed partial class RequestLog(ILogger<RequestLog> logger) : IRequestObserver
{
    public void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed) =>
        Served(
            logger,
            summary.Api,
            summary.Operation ?? "-",
            summary.Bucket ?? "-",
            summary.Key ?? "-",
            summary.AccessKeyId ?? "-",
            context.Response.StatusCode,
            summary.ErrorCode ?? "-",
            elapsed.TotalMilliseconds,
            summary.RequestId ?? "-");

    [LoggerMessage(
        EventId = 1,
        EventName = "RequestServed",
        Level = LogLevel.Information,
        Message = "{Api} {Operation} bucket={Bucket} object={ObjectKey} access-key={AccessKeyId} status={Status} error={ErrorCode} {DurationMs:0.0} ms request={RequestId}")]
    private static partial void Served(ILogger logger, RequestApi api, string operation, string bucket, string objectKey, string accessKeyId, int status, string errorCode, double durationMs, string requestId);
}
