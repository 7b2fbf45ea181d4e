using System.Diagnostics;
using System.Globalization;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalSail.Server.AccessLogs;

/// <summary>
/// Makes the access log line of every S3 request to a bucket that logs (<see cref="RequestSummary.AccessLogBucket"/>)
/// and leaves it in the <see cref="AccessLogBuffer"/>. A request to any other bucket costs one null check. The log
/// objects themselves are written through the object service, never through this endpoint, so they are never logged.
/// </summary>
internal sealed class AccessLogObserver(AccessLogBuffer buffer, TimeProvider clock) : IRequestObserver
{
    /// <summary>
    /// Marks the request as one <paramref name="bucket"/> logs, when it does, and notes when its answer starts
    /// (the turn-around time). Called by the S3 endpoint once the bucket is known, before the answer is written.
    /// </summary>
    public static void Watch(HttpContext http, BucketRecord bucket)
    {
        if (!bucket.AccessLog.Enabled)
        {
            return;
        }

        var summary = RequestSummary.Of(http);
        if (summary.AccessLogBucket is not null)
        {
            return;
        }

        summary.AccessLogBucket = bucket;
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.OnStarting(static state =>
        {
            ((RequestSummary)state).AnswerStartedTimestamp = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        }, summary);
    }

    public void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed)
    {
        if (summary.AccessLogBucket is not { } bucket || summary.Api != RequestApi.S3)
        {
            return;
        }

        var record = RecordOf(context, summary, bucket, clock.GetUtcNow() - elapsed, elapsed);
        buffer.Add(new AccessLogEntry(bucket.Id, bucket.Name, AccessLogFormat.Line(record)));
    }

    /// <summary>What the access log says of one answered request.</summary>
    public static AccessLogRecord RecordOf(HttpContext context, RequestSummary summary, BucketRecord bucket, DateTimeOffset received, TimeSpan elapsed)
    {
        var request = context.Request;
        var response = context.Response;
        var signed = summary.Principal is not null;
        var operation = Enum.TryParse<S3Operation>(summary.Operation, out var parsed) ? parsed : S3Operation.NotImplemented;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        return new AccessLogRecord
        {
            BucketOwner = AccessLogIdentity.Owner(bucket),
            Bucket = bucket.Name,
            Time = received,
            RemoteIp = RemoteIp(context),
            Requester = AccessLogIdentity.Requester(summary.Principal),
            RequestId = summary.RequestId ?? "-",
            Operation = AccessLogFormat.OperationName(operation, request.Method, summary.Key is not null),
            Key = summary.Key,
            RequestUri = request.Method + " " + target + " " + request.Protocol,
            HttpStatus = response.StatusCode,
            ErrorCode = summary.ErrorCode,
            BytesSent = BytesSent(request, response),
            ObjectSize = ObjectSize(operation, request, response),
            TotalTimeMs = (long)elapsed.TotalMilliseconds,
            TurnAroundTimeMs = (long)TurnAroundTime(summary, elapsed).TotalMilliseconds,
            Referrer = request.Headers.Referer.ToString(),
            UserAgent = request.Headers.UserAgent.ToString(),
            VersionId = request.Query["versionId"].ToString(),
            HostId = response.Headers["x-amz-id-2"].ToString(),
            SignatureVersion = signed ? SignatureVersion(request) : null,
            AuthenticationType = signed ? (request.Headers.ContainsKey("Authorization") ? "AuthHeader" : "QueryString") : null,
            HostHeader = request.Host.Value,
        };
    }

    /// <summary>
    /// From arrival to the answer's first byte. An answer without a body has not started when the observers are
    /// told: its headers go out as the request ends, so its turn-around is its whole time.
    /// </summary>
    private static TimeSpan TurnAroundTime(RequestSummary summary, TimeSpan elapsed) =>
        summary.AnswerStartedTimestamp == 0 || summary.ArrivedTimestamp == 0
            ? elapsed
            : Stopwatch.GetElapsedTime(summary.ArrivedTimestamp, summary.AnswerStartedTimestamp);

    private static string? RemoteIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static string SignatureVersion(HttpRequest request) =>
        request.Headers.ContainsKey("Authorization") || request.Query.ContainsKey("X-Amz-Signature") ? "SigV4" : "SigV2";

    /// <summary>The response body's length as declared; nothing for a HEAD or a 304, which send none.</summary>
    private static long? BytesSent(HttpRequest request, HttpResponse response) =>
        HttpMethods.IsHead(request.Method) || response.StatusCode == StatusCodes.Status304NotModified ? null : response.ContentLength;

    /// <summary>The size of the object read or written: the whole object's, also for a range.</summary>
    private static long? ObjectSize(S3Operation operation, HttpRequest request, HttpResponse response)
    {
        switch (operation)
        {
            case S3Operation.GetObject or S3Operation.HeadObject when response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent:
                var range = response.Headers.ContentRange.ToString();
                var slash = range.LastIndexOf('/');
                return slash >= 0 && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                    ? total
                    : response.ContentLength;
            case S3Operation.PutObject or S3Operation.UploadPart:
                var decoded = request.Headers["x-amz-decoded-content-length"].ToString();
                return long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : request.ContentLength;
            default:
                return null;
        }
    }
}
