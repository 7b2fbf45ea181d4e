using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class DeleteBucketAccessKey(IControlPlaneStore store)
    : LightsailOperation<DeleteBucketAccessKeyRequest, OperationsResult>
{
    public override string Name => "DeleteBucketAccessKey";

    public override StructureShape Input => LightsailShapes.DeleteBucketAccessKeyRequest;

    protected override JsonTypeInfo<DeleteBucketAccessKeyRequest> RequestType => LightsailJsonContext.Default.DeleteBucketAccessKeyRequest;

    protected override JsonTypeInfo<OperationsResult> ResultType => LightsailJsonContext.Default.OperationsResult;

    protected override async Task<Outcome<OperationsResult>> HandleAsync(DeleteBucketAccessKeyRequest request, LightsailRequestContext context)
    {
        var operation = WireMapping.NewOperation(context.Scope, request.BucketName, "DeleteBucketAccessKey", context.Now, request.AccessKeyId);
        if (!await store.DeleteAccessKeyAsync(context.Scope, request.BucketName, request.AccessKeyId, operation, context.CancellationToken))
        {
            return await store.GetBucketAsync(context.Scope, request.BucketName, context.CancellationToken) is null
                ? LightsailError.NotFound("bucket", request.BucketName)
                : LightsailError.NotFound("access key", request.AccessKeyId);
        }

        // Revoked the moment it is deleted: the store announced the delete to every cache before it returned.
        return new OperationsResult([WireMapping.ToWire(operation)]);
    }
}
