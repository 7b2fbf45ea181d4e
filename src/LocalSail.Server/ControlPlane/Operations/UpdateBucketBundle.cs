using System.Text.Json.Serialization.Metadata;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class UpdateBucketBundle(IControlPlaneStore store) : LightsailOperation<UpdateBucketBundleRequest, UpdateBucketBundleResponse>
{
    public override OperationModel Model => LightsailOperations.UpdateBucketBundle;

    protected override JsonTypeInfo<UpdateBucketBundleRequest> RequestType => LightsailJsonContext.Default.UpdateBucketBundleRequest;

    protected override JsonTypeInfo<UpdateBucketBundleResponse> ResultType => LightsailJsonContext.Default.UpdateBucketBundleResponse;

    protected override async Task<Outcome<UpdateBucketBundleResponse>> HandleAsync(UpdateBucketBundleRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var bundleId = request.BundleId!;
        if (BucketBundles.Find(bundleId) is not { IsActive: true })
        {
            return LightsailError.InvalidInput($"The bundle '{bundleId}' does not exist. Valid bundles: {BucketBundles.Names}.");
        }

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
