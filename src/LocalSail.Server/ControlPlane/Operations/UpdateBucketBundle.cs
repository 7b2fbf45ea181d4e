using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class UpdateBucketBundle(IControlPlaneStore store) : LightsailOperation<UpdateBucketBundleRequest, UpdateBucketBundleResponse>(LightsailOperations.UpdateBucketBundle)
{
    protected override async Task<Outcome<UpdateBucketBundleResponse>> HandleAsync(UpdateBucketBundleRequest request, LightsailRequestContext context)
    {
        var bundleId = request.BundleId!;
        if (BucketBundles.Refusal(bundleId) is { } refusal)
        {
            return LightsailError.InvalidInput(refusal);
        }

        var bucketName = request.BucketName!;

        var operation = WireMapping.NewOperation(context.Scope, bucketName, "UpdateBucketBundle", context.Now, bundleId);
        var outcome = await store.UpdateBucketAsync(context.Scope, bucketName, current =>
        {
            if (!WireMapping.CanUpdateBundle(current, context.Now))
            {
                return BucketChange.Refuse($"The bundle of bucket '{current.Name}' was already changed this month; it can be changed once per monthly billing cycle.");
            }

            return new BucketChange(current with { BundleId = bundleId, BundleChangedAt = context.Now }, [operation]);
        }, context.CancellationToken);

        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        return outcome.Refusal is not null
            ? LightsailError.InvalidInput(outcome.Refusal, "BundleUpdateLimitExceeded")
            : new UpdateBucketBundleResponse { Operations = WireMapping.ToWire(outcome.Operations) };
    }
}
