using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetBucketBundles : LightsailOperation<GetBucketBundlesRequest, GetBucketBundlesResult>
{
    public override string Name => "GetBucketBundles";

    public override StructureShape Input => LightsailShapes.GetBucketBundlesRequest;

    protected override JsonTypeInfo<GetBucketBundlesRequest> RequestType => LightsailJsonContext.Default.GetBucketBundlesRequest;

    protected override JsonTypeInfo<GetBucketBundlesResult> ResultType => LightsailJsonContext.Default.GetBucketBundlesResult;

    protected override Task<Outcome<GetBucketBundlesResult>> HandleAsync(GetBucketBundlesRequest request, LightsailRequestContext context)
    {
        var bundles = BucketBundles.All.Where(b => b.IsActive || request.IncludeInactive == true).ToList();
        return Task.FromResult<Outcome<GetBucketBundlesResult>>(new GetBucketBundlesResult(bundles));
    }
}
