using LocalSail.Server.Cors;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// CORS on an actual (not preflight) request: a request with an <c>Origin</c> header on a bucket with CORS rules
/// is answered with the headers of the first rule that matches it, success or error alike; a request that
/// matches no rule is answered as it would be anyway, without them (the browser then withholds the answer).
/// The pipeline calls this only for a request that carries <c>Origin</c>, so others cost nothing.
/// </summary>
internal sealed class S3Cors(IBucketDirectory buckets)
{
    public async ValueTask DecorateAsync(S3RequestContext context)
    {
        var headers = context.Request.Headers;
        var origin = headers.Origin.ToString();
        if (origin.Length == 0 || context.Route.Bucket is not { } bucketName)
        {
            return;
        }

        // The authorize stage found the bucket, unless the request was refused before it looked.
        var bucket = context.BucketRecord ?? await buckets.FindAsync(bucketName, context.Aborted);
        if (bucket is not { CorsRules.Count: > 0 })
        {
            return;
        }

        // S3 matches a request that carries Access-Control-Request-Method by that method, not its own.
        var requestedMethod = headers.AccessControlRequestMethod.ToString();
        var requestedHeaders = headers.AccessControlRequestHeaders.ToString();
        var rule = CorsMatcher.Match(bucket.CorsRules, origin, requestedMethod.Length > 0 ? requestedMethod : context.Request.Method, requestedHeaders);
        if (rule is not null)
        {
            CorsResponseHeaders.Apply(context.Response.Headers, rule, origin, requestedHeaders);
        }
    }
}
