using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetBuckets(IControlPlaneStore store) : LightsailOperation<GetBucketsRequest, GetBucketsResponse>(LightsailOperations.GetBuckets)
{
    /// <summary>Buckets per page.</summary>
    public const int PageSize = 100;

    protected override async Task<Outcome<GetBucketsResponse>> HandleAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        var includeCors = request.IncludeCors == true;
        if (request.BucketName is not null)
        {
            var bucket = await store.GetBucketAsync(context.Scope, request.BucketName, context.CancellationToken);
            return bucket is null
                ? LightsailError.NotFound("bucket", request.BucketName)
                : new GetBucketsResponse { Buckets = [WireMapping.ToWire(bucket, context.S3Endpoint, context.Now, includeCors)] };
        }

        string? after = null;
        if (!string.IsNullOrEmpty(request.PageToken) && !PageTokens.TryDecodeName(request.PageToken, out after))
        {
            return LightsailError.InvalidInput("The pageToken is not one this server issued.");
        }

        var page = await store.ListBucketsAsync(context.Scope, after, PageSize + 1, context.CancellationToken);
        var buckets = page.Take(PageSize).Select(b => WireMapping.ToWire(b, context.S3Endpoint, context.Now, includeCors)).ToList();
        var next = page.Count > PageSize ? PageTokens.EncodeName(buckets[^1].Name!) : null;
        return new GetBucketsResponse { Buckets = buckets, NextPageToken = next };
    }
}
