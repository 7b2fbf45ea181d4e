using LocalSail.Server.Authentication;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// The S3-compatible endpoint: every request on the port that is not the Lightsail API. Classifies the
/// request, authenticates and authorizes it, and hands it to the operation's handler.
/// </summary>
public sealed class S3Endpoint(
    S3HandlerTable handlers,
    S3Authenticator authenticator,
    SigV2PresignedVerifier presignedV2,
    AccessKeyUsageTracker usage,
    BucketCache buckets,
    LocalSailOptions options,
    TimeProvider clock,
    ILogger<S3Endpoint> logger)
{
    private static long _requestCounter = Random.Shared.NextInt64(1L << 40);

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = NextRequestId();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;

        var request = http.Request;
        var rawTarget = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var route = S3RequestClassifier.Classify(
            request.Method,
            request.Host.Value ?? string.Empty,
            rawPath,
            request.Query,
            request.Headers.ContainsKey("x-amz-copy-source"),
            options.S3Host);
        var context = new S3RequestContext(http, route, requestId, clock.GetUtcNow());
        var summary = RequestSummary.Of(http);
        summary.Api = RequestApi.S3;
        summary.RequestId = requestId;
        summary.Operation = route.Operation.ToString();
        summary.Bucket = route.Bucket;
        summary.Key = route.Key;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(
                "S3 {Method} {Operation} {Resource} payload {PayloadHash} trailer {Trailer}",
                request.Method, route.Operation, context.Resource, request.Headers["x-amz-content-sha256"].ToString(), request.Headers["x-amz-trailer"].ToString());
        }

        S3Error? error;
        try
        {
            error = await HandleAsync(context, rawPath);
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
            StorageFull.Log(logger, summary.Operation, ex);
            error = S3Error.StorageFull;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "S3 {Operation} failed unexpectedly (request {RequestId})", route.Operation, requestId);
            error = S3Error.InternalError;
        }
        catch (Exception)
        {
            http.Abort();
            return;
        }

        summary.AccessKeyId = context.Principal?.AccessKeyId;
        if (error is not null)
        {
            summary.ErrorCode = error.Code;
            logger.LogDebug("S3 {Operation} {Resource}: {Code}", route.Operation, context.Resource, error.Code);
            if (http.Response.HasStarted || http.RequestAborted.IsCancellationRequested)
            {
                http.Abort();
                return;
            }

            await S3ErrorWriter.WriteAsync(http, error, context.Resource, requestId);
        }
    }

    private async Task<S3Error?> HandleAsync(S3RequestContext context, string rawPath)
    {
        var route = context.Route;
        if (route.Operation == S3Operation.MethodNotAllowed)
        {
            return S3Error.MethodNotAllowed;
        }

        if (SigV2PresignedVerifier.IsPresignedV2(context.Request))
        {
            var (signed, authError) = await presignedV2.VerifyAsync(context.Request, rawPath, route, context.Now, context.Aborted);
            if (authError is not null)
            {
                return authError;
            }

            context.Signed = signed;
        }
        else if (S3Authenticator.IsSigned(context.Request))
        {
            var (signed, authError) = await authenticator.AuthenticateAsync(context.Request, context.Now, context.Aborted);
            if (authError is not null)
            {
                return authError;
            }

            context.Signed = signed;
        }
        else if (route.Operation is not (S3Operation.GetObject or S3Operation.HeadObject))
        {
            // Only reading an object can be anonymous, and only where the bucket makes it public.
            return S3Error.AccessDenied;
        }

        if (route.Bucket is not null)
        {
            var principal = context.Principal;
            if (principal is { IsAccountRoot: false } && principal.BucketName != route.Bucket)
            {
                return S3Error.AccessDenied;
            }

            var bucket = await buckets.FindAsync(route.Bucket, context.Aborted);
            if (route.Operation == S3Operation.CreateBucket)
            {
                // Whether the bucket exists, and whose it is, is the answer itself.
                context.BucketRecord = bucket;
                return await handlers.Get(S3Operation.CreateBucket).HandleAsync(context);
            }

            if (bucket is null)
            {
                return S3Error.NoSuchBucket.With("BucketName", route.Bucket);
            }

            if (principal is not null && !principal.CanAccessBucket(bucket.Scope.AccountId, bucket.Name))
            {
                return S3Error.AccessDenied;
            }

            if (context.Signed is { Region.Length: 0 } unscoped)
            {
                // A signature without a scope (the older presigned form) is valid in the bucket's region.
                context.Signed = unscoped with { Region = bucket.Scope.Region };
                RecordUse(context.Signed, context.Now);
            }
            else if (context.Signed is { } signed && signed.Region != bucket.Scope.Region)
            {
                context.Response.Headers["x-amz-bucket-region"] = bucket.Scope.Region;
                return S3Error.AuthorizationHeaderMalformed
                    .WithMessage($"The authorization header is malformed; the region '{signed.Region}' is wrong; expecting '{bucket.Scope.Region}'")
                    .With("Region", bucket.Scope.Region);
            }

            context.BucketRecord = bucket;
        }

        if (route.Operation == S3Operation.NotImplemented)
        {
            // Only once the request is known to be allowed: an unsigned or foreign request learns nothing more.
            return S3Error.NotImplemented;
        }

        if (route.Key is { } key && (key.Length > 1024 || System.Text.Encoding.UTF8.GetByteCount(key) > 1024))
        {
            return S3Error.KeyTooLongError;
        }

        if (route.Operation is S3Operation.PutObject or S3Operation.CopyObject or S3Operation.CreateMultipartUpload
            && ObjectHeaders.UserMetadataSize(context.Request) > ObjectHeaders.MaxUserMetadataBytes)
        {
            return S3Error.MetadataTooLarge.With("MaxSizeAllowed", ObjectHeaders.MaxUserMetadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return handlers.TryGet(route.Operation, out var handler)
            ? await handler.HandleAsync(context)
            : S3Error.NotImplemented;
    }

    private void RecordUse(SignedRequest signed, DateTimeOffset now)
    {
        if (!signed.Principal.IsAccountRoot)
        {
            usage.RecordUse(signed.Principal.AccessKeyId, new AccessKeyUse(now, signed.Region, "s3"));
        }
    }

    private static string NextRequestId() => Interlocked.Increment(ref _requestCounter).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
}
