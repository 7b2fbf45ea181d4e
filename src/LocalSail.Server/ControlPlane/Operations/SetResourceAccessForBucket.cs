using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Grants or revokes an instance's access to a bucket. LocalSail has no instances, so the name is
/// recorded as given and shown in the bucket's <c>resourcesReceivingAccess</c>.
/// </summary>
public sealed class SetResourceAccessForBucket(IControlPlaneStore store) : LightsailOperation<SetResourceAccessForBucketRequest, OperationsResult>
{
    public override string Name => "SetResourceAccessForBucket";

    public override StructureShape Input => LightsailShapes.SetResourceAccessForBucketRequest;

    protected override JsonTypeInfo<SetResourceAccessForBucketRequest> RequestType => LightsailJsonContext.Default.SetResourceAccessForBucketRequest;

    protected override JsonTypeInfo<OperationsResult> ResultType => LightsailJsonContext.Default.OperationsResult;

    protected override async Task<Outcome<OperationsResult>> HandleAsync(SetResourceAccessForBucketRequest request, LightsailRequestContext context)
    {
        var operation = WireMapping.NewOperation(context.Scope, request.BucketName, "SetResourceAccessForBucket", context.Now, request.ResourceName);
        var outcome = await store.UpdateBucketAsync(context.Scope, request.BucketName, current =>
        {
            var resources = current.ResourcesReceivingAccess.Where(r => r != request.ResourceName).ToList();
            if (request.Access == "allow")
            {
                resources.Add(request.ResourceName);
            }

            return new BucketChange(current with { ResourcesReceivingAccess = resources }, [operation]);
        }, context.CancellationToken);

        return outcome.Bucket is null
            ? LightsailError.NotFound("bucket", request.BucketName)
            : new OperationsResult(WireMapping.ToWire(outcome.Operations));
    }
}
