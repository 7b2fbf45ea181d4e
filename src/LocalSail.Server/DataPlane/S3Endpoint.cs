using LocalSail.Server.AccessLogs;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// The S3-compatible endpoint: every request on the port that is not the Lightsail API. Classifies the
/// request, runs it through its stages (<see cref="S3Pipeline"/>), tells the request summary what it was, and
/// answers an error in S3's form, whatever stage or handler it came from.
/// </summary>
internal sealed partial class S3Endpoint
{
    private static long _requestCounter = Random.Shared.NextInt64(1L << 40);
    private readonly S3Pipeline _pipeline;
    private readonly LocalSailOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<S3Endpoint> _logger;
    private readonly IBucketDirectory _buckets;

    internal S3Endpoint(S3Pipeline pipeline, LocalSailOptions options, TimeProvider clock, ILogger<S3Endpoint> logger, IBucketDirectory buckets)
    {
        _pipeline = pipeline;
        _buckets = buckets;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = NextRequestId();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;

        var context = S3Classification.Classify(http, _options, requestId, _clock.GetUtcNow());
        var route = context.Route;
        var summary = RequestSummary.Of(http);
        summary.Api = RequestApi.S3;
        summary.RequestId = requestId;
        summary.Operation = route.Operation.ToString();
        summary.Bucket = route.Bucket;
        summary.Key = route.Key;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var request = http.Request;
            _logger.LogDebug(
                "S3 {Method} {Operation} {Resource} payload {PayloadHash} trailer {Trailer}",
                request.Method, route.Operation, context.Resource, request.Headers["x-amz-content-sha256"].ToString(), request.Headers["x-amz-trailer"].ToString());
        }

        S3Error? error;
        try
        {
            error = await _pipeline.RunAsync(context);
        }
        catch (Exception ex) when (ClientDisconnect.Is(ex, http))
        {
            // The client went away: no one to answer, and no body left to drain (which would only fail again).
            http.Abort();
            return;
        }
        catch (BadHttpRequestException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            // The body ended early or is framed wrongly: the client's fault, and nothing was stored.
            error = S3Error.IncompleteBody.WithMessage(ex.Message);
        }
        catch (Exception ex) when (StorageFull.Is(ex) && !http.RequestAborted.IsCancellationRequested)
        {
            StorageFull.Log(_logger, summary.Operation, ex);
            error = S3Error.StorageFull;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            _logger.LogError(ex, "S3 {Operation} failed unexpectedly (request {RequestId})", route.Operation, requestId);
            error = S3Error.InternalError;
        }
        catch (Exception)
        {
            http.Abort();
            return;
        }

        summary.Principal = context.Principal;
        summary.Key ??= context.PostForm?.Field("key");
        if (error is not null)
        {
            summary.ErrorCode = error.Code;
            await WatchRefusedAsync(context, summary, error);
            _logger.LogDebug("S3 {Operation} {Resource}: {Code}", route.Operation, context.Resource, error.Code);
            if (http.Response.HasStarted || http.RequestAborted.IsCancellationRequested)
            {
                http.Abort();
                return;
            }

            await S3ErrorWriter.WriteAsync(http, error, error.NamesResource ? context.Resource : null, requestId);
        }
    }

    /// <summary>
    /// A request refused before its bucket was looked up (a bad signature, another bucket's key) is still in that
    /// bucket's access log, as in S3's. Only refusals pay for the lookup, from the bucket cache.
    /// </summary>
    private async ValueTask WatchRefusedAsync(S3RequestContext context, RequestSummary summary, S3Error error)
    {
        if (summary.AccessLogBucket is not null || context.BucketRecord is not null || context.Route.Bucket is not { } name
            || error.Code == S3Error.NoSuchBucket.Code || context.Aborted.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (await _buckets.FindAsync(name, context.Aborted) is { } bucket)
            {
                AccessLogObserver.Watch(context.Http, bucket);
            }
        }
        catch (Exception ex) when (!context.Aborted.IsCancellationRequested)
        {
            // The refusal is still answered; only its log line is lost.
            LogAccessLogLookupFailed(_logger, name, context.RequestId, ex);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finding bucket {Bucket} for its access log failed (request {RequestId})")]
    private static partial void LogAccessLogLookupFailed(ILogger logger, string bucket, string requestId, Exception exception);

    private static string NextRequestId() => Interlocked.Increment(ref _requestCounter).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
}
