using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class CreateBucketAccessKey(IControlPlaneStore store) : LightsailOperation<CreateBucketAccessKeyRequest, CreateBucketAccessKeyResponse>(LightsailOperations.CreateBucketAccessKey)
{
    /// <summary>Lightsail allows at most two access keys per bucket.</summary>
    public const int MaxKeysPerBucket = 2;

    protected override async Task<Outcome<CreateBucketAccessKeyResponse>> HandleAsync(CreateBucketAccessKeyRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var key = new AccessKeyRecord
        {
            AccessKeyId = AccessKeyGenerator.NewAccessKeyId(),
            SecretAccessKey = AccessKeyGenerator.NewSecretAccessKey(),
            BucketName = bucketName,
            Scope = context.Scope,
            CreatedAt = context.Now,
        };
        var operation = WireMapping.NewOperation(context.Scope, bucketName, "CreateBucketAccessKey", context.Now, key.AccessKeyId);

        var outcome = await store.CreateAccessKeyAsync(key, MaxKeysPerBucket, operation, context.CancellationToken);
        return outcome switch
        {
            CreateAccessKeyOutcome.BucketNotFound => LightsailError.NotFound("bucket", bucketName),
            CreateAccessKeyOutcome.LimitReached => LightsailError.InvalidInput(
                $"The bucket '{bucketName}' already has the maximum of {MaxKeysPerBucket} access keys. Delete one before creating another.",
                "AccessKeyLimitExceeded"),
            _ => new CreateBucketAccessKeyResponse
            {
                AccessKey = new AccessKey
                {
                    AccessKeyId = key.AccessKeyId,
                    SecretAccessKey = key.SecretAccessKey,
                    Status = StatusType.FromWireName(key.Status),
                    CreatedAt = key.CreatedAt,
                },
                Operations = [WireMapping.ToWire(operation)],
            },
        };
    }
}
