using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetBuckets(IControlPlaneStore store) : LightsailOperation<GetBucketsRequest, GetBucketsResult>
{
    /// <summary>Buckets per page.</summary>
    public const int PageSize = 100;

    public override string Name => "GetBuckets";

    public override StructureShape Input => LightsailShapes.GetBucketsRequest;

    protected override JsonTypeInfo<GetBucketsRequest> RequestType => LightsailJsonContext.Default.GetBucketsRequest;

    protected override JsonTypeInfo<GetBucketsResult> ResultType => LightsailJsonContext.Default.GetBucketsResult;

    protected override async Task<Outcome<GetBucketsResult>> HandleAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        var includeCors = request.IncludeCors == true;
        if (request.BucketName is not null)
        {
            var bucket = await store.GetBucketAsync(context.Scope, request.BucketName, context.CancellationToken);
            return bucket is null
                ? LightsailError.NotFound("bucket", request.BucketName)
                : new GetBucketsResult([WireMapping.ToWire(bucket, context.S3Endpoint, context.Now, includeCors)], null);
        }

        string? after = null;
        if (!string.IsNullOrEmpty(request.PageToken) && !PageTokens.TryDecodeName(request.PageToken, out after))
        {
            return LightsailError.InvalidInput("The pageToken is not one this server issued.");
        }

        var page = await store.ListBucketsAsync(context.Scope, after, PageSize + 1, context.CancellationToken);
        var buckets = page.Take(PageSize).Select(b => WireMapping.ToWire(b, context.S3Endpoint, context.Now, includeCors)).ToList();
        var next = page.Count > PageSize ? PageTokens.EncodeName(buckets[^1].Name) : null;
        return new GetBucketsResult(buckets, next);
    }
}
