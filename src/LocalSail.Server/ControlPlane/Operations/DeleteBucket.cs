using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class DeleteBucket(IControlPlaneStore store, IBucketContents contents)
    : LightsailOperation<DeleteBucketRequest, DeleteBucketResponse>(LightsailOperations.DeleteBucket)
{
    protected override async Task<Outcome<DeleteBucketResponse>> HandleAsync(DeleteBucketRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var force = request.ForceDelete == true;
        var bucket = await store.GetBucketAsync(context.Scope, bucketName, context.CancellationToken);
        if (bucket is null)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        var keys = await store.ListAccessKeysAsync(context.Scope, bucket.Name, context.CancellationToken);
        if (!force)
        {
            if (keys.Count > 0)
            {
                return LightsailError.InvalidInput(
                    $"The bucket '{bucket.Name}' has {keys.Count} access key(s). Delete them first, or set forceDelete to delete the bucket with its keys and objects.",
                    "BucketNotEmpty");
            }

            var usageNow = await contents.GetUsageAsync(bucket, context.CancellationToken);
            if (!usageNow.IsEmpty)
            {
                return LightsailError.InvalidInput(
                    $"The bucket '{bucket.Name}' holds {usageNow.ObjectCount} object(s). Empty it first, or set forceDelete to delete it with its objects.",
                    "BucketNotEmpty");
            }
        }

        var operation = WireMapping.NewOperation(context.Scope, bucket.Name, "DeleteBucket", context.Now);
        var result = await store.DeleteBucketAsync(context.Scope, bucket.Name, force, operation, context.CancellationToken);
        switch (result.Outcome)
        {
            case DeleteBucketOutcome.NotFound:
                return LightsailError.NotFound("bucket", bucketName);
            case DeleteBucketOutcome.HasAccessKeys:
                return LightsailError.InvalidInput($"The bucket '{bucket.Name}' has access keys. Delete them first, or set forceDelete.", "BucketNotEmpty");
        }

        // The keys deleted with the bucket (including any made since it was read) stopped working when the store
        // announced the delete. The contents go after the bucket: the delete recorded them for purging, so a
        // purge cut short (by a failure, or the client going away) is finished by a sweep.
        await contents.PurgeAsync(bucket, CancellationToken.None);
        return new DeleteBucketResponse { Operations = [WireMapping.ToWire(operation)] };
    }
}
