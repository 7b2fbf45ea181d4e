using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetBucketBundles() : LightsailOperation<GetBucketBundlesRequest, GetBucketBundlesResponse>(LightsailOperations.GetBucketBundles)
{
    protected override Task<Outcome<GetBucketBundlesResponse>> HandleAsync(GetBucketBundlesRequest request, LightsailRequestContext context)
    {
        var bundles = BucketBundles.All.Where(b => b.IsActive || request.IncludeInactive == true).Select(b => b.ToWire()).ToList();
        return Task.FromResult<Outcome<GetBucketBundlesResponse>>(new GetBucketBundlesResponse { Bundles = bundles });
    }
}
