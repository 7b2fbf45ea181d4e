using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class CreateBucket(IControlPlaneStore store) : LightsailOperation<CreateBucketRequest, BucketResult>
{
    public override string Name => "CreateBucket";

    public override StructureShape Input => LightsailShapes.CreateBucketRequest;

    protected override JsonTypeInfo<CreateBucketRequest> RequestType => LightsailJsonContext.Default.CreateBucketRequest;

    protected override JsonTypeInfo<BucketResult> ResultType => LightsailJsonContext.Default.BucketResult;

    protected override async Task<Outcome<BucketResult>> HandleAsync(CreateBucketRequest request, LightsailRequestContext context)
    {
        if (BucketBundles.Find(request.BundleId) is not { IsActive: true })
        {
            return LightsailError.InvalidInput($"The bundle '{request.BundleId}' does not exist. Valid bundles: {BucketBundles.Names}.");
        }

        var tags = TagRules.Validate(request.Tags ?? [], out var tagError);
        if (tagError is not null)
        {
            return LightsailError.InvalidInput(tagError);
        }

        var bucket = new BucketRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = request.BucketName,
            Scope = context.Scope,
            BundleId = request.BundleId,
            CreatedAt = context.Now,
            SupportCode = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}/arn:aws:s3:::{request.BucketName}",
            Versioning = request.EnableObjectVersioning == true ? VersioningState.Enabled : VersioningState.Unversioned,
            Tags = tags,
        };
        var operation = WireMapping.NewOperation(context.Scope, bucket.Name, "CreateBucket", context.Now);

        var outcome = await store.CreateBucketAsync(bucket, operation, context.CancellationToken);
        if (outcome == CreateBucketOutcome.NameTaken)
        {
            // Bucket names are unique across every account and region, as S3's are.
            return LightsailError.InvalidInput($"The bucket name '{bucket.Name}' is already in use. Bucket names must be unique across all accounts and regions.", "AlreadyExists");
        }

        return new BucketResult(WireMapping.ToWire(bucket, context.S3Endpoint, context.Now), [WireMapping.ToWire(operation)]);
    }
}
