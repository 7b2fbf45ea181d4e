using LocalSail.Server.AccessLogs;
using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// An S3 request's stages after it is classified: authenticate, authorize, validate, then the operation's
/// handler. Each stage reads and fills in the one <see cref="S3RequestContext"/> and returns the error that
/// ends the request, or null to go on. A CORS preflight skips them (browsers send it without credentials); a
/// request with an <c>Origin</c> header is given its CORS headers once authorized or refused (<see cref="S3Cors"/>).
/// </summary>
internal sealed class S3Pipeline(S3Authentication authentication, S3Authorization authorization, S3Cors cors, S3HandlerTable handlers, AccessKeyUsageTracker usage)
{
    /// <summary>Runs the request through the stages; null once a handler has answered, or the error to answer.</summary>
    public async Task<S3Error?> RunAsync(S3RequestContext context)
    {
        if (context.Route.Operation == S3Operation.CorsPreflight)
        {
            // Browsers send a preflight without credentials: it is answered from the bucket's CORS rules alone.
            return handlers.TryGet(S3Operation.CorsPreflight, out var preflight) ? await preflight.HandleAsync(context) : S3Error.NotImplemented;
        }

        var error = S3Classification.Refusal(context)
            ?? await authentication.AuthenticateAsync(context)
            ?? await authorization.AuthorizeAsync(context);
        RecordUse(context);
        if (context.BucketRecord is { AccessLog.Enabled: true } logged)
        {
            AccessLogObserver.Watch(context.Http, logged);
        }

        if (context.Request.Headers.Origin.Count > 0)
        {
            // Only a cross-origin request is looked at for CORS: its answer, success or error, carries the headers.
            await cors.DecorateAsync(context);
        }

        if (error is not null)
        {
            return error;
        }

        error = S3Validation.Validate(context);
        if (error is not null)
        {
            return error;
        }

        return handlers.TryGet(context.Route.Operation, out var handler)
            ? await handler.HandleAsync(context)
            : S3Error.NotImplemented;
    }

    /// <summary>
    /// The one place a bucket key's use is recorded: once the request's region is known (the signature's, or
    /// the bucket's for the older presigned form), whether or not the request is then allowed, and before any
    /// answer is sent.
    /// </summary>
    private void RecordUse(S3RequestContext context)
    {
        if (context.Signed is { Region.Length: > 0 } signed && !signed.Principal.IsAccountRoot)
        {
            usage.RecordUse(signed.Principal.AccessKeyId, new AccessKeyUse(context.Now, signed.Region, "s3"));
        }
    }
}
