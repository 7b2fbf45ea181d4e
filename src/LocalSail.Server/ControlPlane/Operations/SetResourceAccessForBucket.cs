using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Grants or revokes an instance's access to a bucket. LocalSail has no instances, so the name is
/// recorded as given and shown in the bucket's <c>resourcesReceivingAccess</c>.
/// </summary>
internal sealed class SetResourceAccessForBucket(IControlPlaneStore store) : LightsailOperation<SetResourceAccessForBucketRequest, SetResourceAccessForBucketResponse>(LightsailOperations.SetResourceAccessForBucket)
{
    protected override async Task<Outcome<SetResourceAccessForBucketResponse>> HandleAsync(SetResourceAccessForBucketRequest request, LightsailRequestContext context)
    {
        var resourceName = request.ResourceName!;
        var bucketName = request.BucketName!;
        var operation = WireMapping.NewOperation(context.Scope, bucketName, "SetResourceAccessForBucket", context.Now, resourceName);
        var outcome = await store.UpdateBucketAsync(context.Scope, bucketName, current =>
        {
            var resources = current.ResourcesReceivingAccess.Where(r => r != resourceName).ToList();
            if (request.Access == ResourceBucketAccess.Allow)
            {
                resources.Add(resourceName);
            }

            return new BucketChange(current with { ResourcesReceivingAccess = resources }, [operation]);
        }, context.CancellationToken);

        return outcome.Bucket is null
            ? LightsailError.NotFound("bucket", bucketName)
            : new SetResourceAccessForBucketResponse { Operations = WireMapping.ToWire(outcome.Operations) };
    }
}
