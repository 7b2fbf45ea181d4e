using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetBucketAccessKeys(IControlPlaneStore store, AccessKeyUsageTracker usage)
    : LightsailOperation<BucketNameRequest, GetBucketAccessKeysResult>
{
    public override string Name => "GetBucketAccessKeys";

    public override StructureShape Input => LightsailShapes.GetBucketAccessKeysRequest;

    protected override JsonTypeInfo<BucketNameRequest> RequestType => LightsailJsonContext.Default.BucketNameRequest;

    protected override JsonTypeInfo<GetBucketAccessKeysResult> ResultType => LightsailJsonContext.Default.GetBucketAccessKeysResult;

    protected override async Task<Outcome<GetBucketAccessKeysResult>> HandleAsync(BucketNameRequest request, LightsailRequestContext context)
    {
        var keys = await store.ListAccessKeysAsync(context.Scope, request.BucketName, context.CancellationToken);
        if (keys.Count == 0 && await store.GetBucketAsync(context.Scope, request.BucketName, context.CancellationToken) is null)
        {
            return LightsailError.NotFound("bucket", request.BucketName);
        }

        return new GetBucketAccessKeysResult(keys.Select(k => WireMapping.ToWire(k, usage.LatestUse(k.AccessKeyId, k.LastUsed))).ToList());
    }
}
