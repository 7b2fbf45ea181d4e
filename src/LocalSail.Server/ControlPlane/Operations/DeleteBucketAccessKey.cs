using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class DeleteBucketAccessKey(IControlPlaneStore store)
    : LightsailOperation<DeleteBucketAccessKeyRequest, DeleteBucketAccessKeyResponse>(LightsailOperations.DeleteBucketAccessKey)
{
    protected override async Task<Outcome<DeleteBucketAccessKeyResponse>> HandleAsync(DeleteBucketAccessKeyRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var accessKeyId = request.AccessKeyId!;
        var operation = WireMapping.NewOperation(context.Scope, bucketName, "DeleteBucketAccessKey", context.Now, accessKeyId);
        if (!await store.DeleteAccessKeyAsync(context.Scope, bucketName, accessKeyId, operation, context.CancellationToken))
        {
            return await store.GetBucketAsync(context.Scope, bucketName, context.CancellationToken) is null
                ? LightsailError.NotFound("bucket", bucketName)
                : LightsailError.NotFound("access key", accessKeyId);
        }

        // Revoked the moment it is deleted: the store announced the delete to every cache before it returned.
        return new DeleteBucketAccessKeyResponse { Operations = [WireMapping.ToWire(operation)] };
    }
}
