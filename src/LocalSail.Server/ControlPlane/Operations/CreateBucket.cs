using System.Security.Cryptography;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class CreateBucket(IControlPlaneStore store) : LightsailOperation<CreateBucketRequest, CreateBucketResponse>(LightsailOperations.CreateBucket)
{
    protected override async Task<Outcome<CreateBucketResponse>> HandleAsync(CreateBucketRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
        var bundleId = request.BundleId!;
        if (BucketBundles.Refusal(bundleId) is { } refusal)
        {
            return LightsailError.InvalidInput(refusal);
        }

        var tags = TagRules.Validate(request.Tags ?? [], out var tagError);
        if (tagError is not null)
        {
            return LightsailError.InvalidInput(tagError);
        }

        var bucket = new BucketRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = bucketName,
            Scope = context.Scope,
            BundleId = bundleId,
            CreatedAt = context.Now,
            SupportCode = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}/arn:aws:s3:::{bucketName}",
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

        return new CreateBucketResponse { Bucket = WireMapping.ToWire(bucket, context.S3Endpoint, context.Now), Operations = [WireMapping.ToWire(operation)] };
    }
}
