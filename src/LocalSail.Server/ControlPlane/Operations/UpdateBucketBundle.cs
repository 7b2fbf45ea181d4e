using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class UpdateBucketBundle(IControlPlaneStore store) : LightsailOperation<UpdateBucketBundleRequest, OperationsResult>
{
    public override string Name => "UpdateBucketBundle";

    public override StructureShape Input => LightsailShapes.UpdateBucketBundleRequest;

    protected override JsonTypeInfo<UpdateBucketBundleRequest> RequestType => LightsailJsonContext.Default.UpdateBucketBundleRequest;

    protected override JsonTypeInfo<OperationsResult> ResultType => LightsailJsonContext.Default.OperationsResult;

    protected override async Task<Outcome<OperationsResult>> HandleAsync(UpdateBucketBundleRequest request, LightsailRequestContext context)
    {
        if (BucketBundles.Find(request.BundleId) is not { IsActive: true })
        {
            return LightsailError.InvalidInput($"The bundle '{request.BundleId}' does not exist. Valid bundles: {BucketBundles.Names}.");
        }

        var operation = WireMapping.NewOperation(context.Scope, request.BucketName, "UpdateBucketBundle", context.Now, request.BundleId);
        var outcome = await store.UpdateBucketAsync(context.Scope, request.BucketName, current =>
        {
            if (!WireMapping.CanUpdateBundle(current, context.Now))
            {
                return BucketChange.Refuse($"The bundle of bucket '{current.Name}' was already changed this month; it can be changed once per monthly billing cycle.");
            }

            return new BucketChange(current with { BundleId = request.BundleId, BundleChangedAt = context.Now }, [operation]);
        }, context.CancellationToken);

        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("bucket", request.BucketName);
        }

        return outcome.Refusal is not null
            ? LightsailError.InvalidInput(outcome.Refusal, "BundleUpdateLimitExceeded")
            : new OperationsResult(WireMapping.ToWire(outcome.Operations));
    }
}
