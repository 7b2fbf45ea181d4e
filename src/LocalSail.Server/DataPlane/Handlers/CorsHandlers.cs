using LocalSail.Server.Cors;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// A browser's CORS preflight: answered from the bucket's CORS rules without credentials (browsers send none),
/// 200 with the first matching rule's headers, or S3's refusals: 400 without <c>Origin</c>, 403
/// <c>AccessForbidden</c> for a bucket that does not exist, has no rules, or has none that match.
/// </summary>
internal sealed class CorsPreflightHandler(IBucketDirectory buckets) : IS3Handler
{
    public S3Operation Operation => S3Operation.CorsPreflight;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var headers = context.Request.Headers;
        var origin = headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return S3Error.PreflightWithoutOrigin;
        }

        var requestedMethod = headers.AccessControlRequestMethod.ToString();
        var method = requestedMethod.Length > 0 ? requestedMethod : HttpMethods.Options;
        var bucket = await buckets.FindAsync(context.Route.Bucket!, context.Aborted);
        if (bucket is null)
        {
            return S3Error.PreflightBucketNotFound.With("Method", method).With("ResourceType", "BUCKET");
        }

        if (bucket.CorsRules.Count == 0)
        {
            return S3Error.PreflightCorsNotEnabled.With("Method", method).With("ResourceType", "BUCKET");
        }

        var requestedHeaders = headers.AccessControlRequestHeaders.ToString();
        var rule = CorsMatcher.Match(bucket.CorsRules, origin, method, requestedHeaders);
        if (rule is null)
        {
            return S3Error.PreflightNotAllowed.With("Method", method).With("ResourceType", context.Route.Key is null ? "BUCKET" : "OBJECT");
        }

        CorsResponseHeaders.Apply(context.Response.Headers, rule, origin, requestedHeaders);
        return await S3Responses.EmptyAsync(context);
    }
}

/// <summary>S3's GetBucketCors: the rules Lightsail's <c>UpdateBucket</c> or S3's <c>PutBucketCors</c> stored.</summary>
internal sealed class GetBucketCorsHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.GetBucketCors;

    public Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.Bucket;
        return bucket.CorsRules.Count == 0
            ? Task.FromResult<S3Error?>(S3Error.NoSuchCORSConfiguration.With("BucketName", bucket.Name))
            : S3Responses.XmlAsync(context, bucket.CorsRules, static (xml, rules) => CorsConfiguration.Write(xml, rules));
    }
}

/// <summary>S3's PutBucketCors: replaces the bucket's rules, validated as Lightsail's <c>UpdateBucket</c> validates them.</summary>
internal sealed class PutBucketCorsHandler(IControlPlaneStore store) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutBucketCors;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (root, error) = await XmlBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var rules = CorsConfiguration.Read(root!);
        if (rules is null)
        {
            return S3Error.MalformedXML;
        }

        if (CorsConfiguration.Validate(rules) is { } problem)
        {
            return problem.Malformed ? S3Error.MalformedXML : S3Error.InvalidRequest.WithMessage(problem.Message);
        }

        return await BucketCorsStore.ReplaceAsync(store, context, rules) ?? await S3Responses.EmptyAsync(context);
    }
}

/// <summary>S3's DeleteBucketCors: removes the bucket's rules (204 whether or not it had any).</summary>
internal sealed class DeleteBucketCorsHandler(IControlPlaneStore store) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteBucketCors;

    public async Task<S3Error?> HandleAsync(S3RequestContext context) =>
        await BucketCorsStore.ReplaceAsync(store, context, []) ?? await S3Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
}

/// <summary>Writes a bucket's rules through the control plane, whose change feed makes the very next request see them.</summary>
internal static class BucketCorsStore
{
    public static async Task<S3Error?> ReplaceAsync(IControlPlaneStore store, S3RequestContext context, IReadOnlyList<CorsRule> rules)
    {
        var bucket = context.Bucket;
        var outcome = await store.UpdateBucketAsync(bucket.Scope, bucket.Name, current => new BucketChange(current with { CorsRules = rules }, []), context.Aborted);
        return outcome.Bucket is null ? S3Error.NoSuchBucket.With("BucketName", bucket.Name) : null;
    }
}
