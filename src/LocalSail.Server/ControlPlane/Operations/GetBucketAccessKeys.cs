using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetBucketAccessKeys(IControlPlaneStore store, AccessKeyUsageTracker usage)
    : LightsailOperation<GetBucketAccessKeysRequest, GetBucketAccessKeysResponse>(LightsailOperations.GetBucketAccessKeys)
{
    protected override async Task<Outcome<GetBucketAccessKeysResponse>> HandleAsync(GetBucketAccessKeysRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var keys = await store.ListAccessKeysAsync(context.Scope, bucketName, context.CancellationToken);
        if (keys.Count == 0 && await store.GetBucketAsync(context.Scope, bucketName, context.CancellationToken) is null)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        return new GetBucketAccessKeysResponse { AccessKeys = keys.Select(k => WireMapping.ToWire(k, usage.LatestUse(k.AccessKeyId, k.LastUsed))).ToList() };
    }
}
