using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class CreateBucketAccessKey(IControlPlaneStore store) : LightsailOperation<BucketNameRequest, CreateBucketAccessKeyResult>
{
    /// <summary>Lightsail allows at most two access keys per bucket.</summary>
    public const int MaxKeysPerBucket = 2;

    public override string Name => "CreateBucketAccessKey";

    public override StructureShape Input => LightsailShapes.CreateBucketAccessKeyRequest;

    protected override JsonTypeInfo<BucketNameRequest> RequestType => LightsailJsonContext.Default.BucketNameRequest;

    protected override JsonTypeInfo<CreateBucketAccessKeyResult> ResultType => LightsailJsonContext.Default.CreateBucketAccessKeyResult;

    protected override async Task<Outcome<CreateBucketAccessKeyResult>> HandleAsync(BucketNameRequest request, LightsailRequestContext context)
    {
        var key = new AccessKeyRecord
        {
            AccessKeyId = AccessKeyGenerator.NewAccessKeyId(),
            SecretAccessKey = AccessKeyGenerator.NewSecretAccessKey(),
            BucketName = request.BucketName,
            Scope = context.Scope,
            CreatedAt = context.Now,
        };
        var operation = WireMapping.NewOperation(context.Scope, request.BucketName, "CreateBucketAccessKey", context.Now, key.AccessKeyId);

        var outcome = await store.CreateAccessKeyAsync(key, MaxKeysPerBucket, operation, context.CancellationToken);
        return outcome switch
        {
            CreateAccessKeyOutcome.BucketNotFound => LightsailError.NotFound("bucket", request.BucketName),
            CreateAccessKeyOutcome.LimitReached => LightsailError.InvalidInput(
                $"The bucket '{request.BucketName}' already has the maximum of {MaxKeysPerBucket} access keys. Delete one before creating another.",
                "AccessKeyLimitExceeded"),
            _ => new CreateBucketAccessKeyResult(
                new AccessKey
                {
                    AccessKeyId = key.AccessKeyId,
                    SecretAccessKey = key.SecretAccessKey,
                    Status = key.Status,
                    CreatedAt = key.CreatedAt,
                },
                [WireMapping.ToWire(operation)]),
        };
    }
}
