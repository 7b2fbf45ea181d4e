using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LightsailResponse = LocalSail.Server.ControlPlane.Protocol.LightsailResponse;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// GetBuckets: one bucket by name, or a page of the account's buckets in name order, as
/// <see cref="BucketListing"/> keeps it (so that listing neither parses every bucket's stored settings nor
/// serializes them on every call).
/// </summary>
internal sealed class GetBuckets(IControlPlaneStore store, BucketListing listing)
    : LightsailOperation<GetBucketsRequest, GetBucketsResponse>(LightsailOperations.GetBuckets)
{
    /// <summary>Buckets per page.</summary>
    public const int PageSize = 100;

    protected override async Task<Outcome<GetBucketsResponse>> HandleAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        var bucket = await store.GetBucketAsync(context.Scope, request.BucketName!, context.CancellationToken);
        return bucket is null
            ? LightsailError.NotFound("bucket", request.BucketName!)
            : new GetBucketsResponse { Buckets = [WireMapping.ToWire(bucket, context.S3Endpoint, context.Now, request.IncludeCors == true)] };
    }

    /// <summary>A page: the bytes the serializer writes for its <see cref="GetBucketsResponse"/>, kept.</summary>
    protected override async Task<LightsailResponse> RespondAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        if (request.BucketName is not null)
        {
            return await base.RespondAsync(request, context);
        }

        string? after = null;
        if (!string.IsNullOrEmpty(request.PageToken) && !PageTokens.TryDecodeName(request.PageToken, out after))
        {
            return LightsailResponse.Failure(LightsailError.InvalidInput("The pageToken is not one this server issued."));
        }

        var page = await listing.GetPageAsync(
            context.Scope, after, context.S3Endpoint, context.Now, request.IncludeCors == true, PageSize, context.CancellationToken);
        return LightsailResponse.Success(page);
    }
}
