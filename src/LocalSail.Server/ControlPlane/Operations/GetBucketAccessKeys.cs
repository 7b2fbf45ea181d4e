using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Protocol;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetBucketAccessKeys(AccessKeyListing listing, AccessKeyUsageTracker usage)
    : LightsailOperation<GetBucketAccessKeysRequest, GetBucketAccessKeysResponse>(LightsailOperations.GetBucketAccessKeys)
{
    protected override async Task<Outcome<GetBucketAccessKeysResponse>> HandleAsync(GetBucketAccessKeysRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        if (await listing.ListAsync(context.Scope, bucketName, context.CancellationToken) is not { } keys)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        return new GetBucketAccessKeysResponse { AccessKeys = keys.Select(k => WireMapping.ToWire(k, usage.LatestUse(k.AccessKeyId, k.LastUsed))).ToList() };
    }
}
