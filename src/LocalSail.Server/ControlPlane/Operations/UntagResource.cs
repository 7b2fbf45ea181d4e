using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class UntagResource(IControlPlaneStore store) : LightsailOperation<UntagResourceRequest, UntagResourceResponse>(LightsailOperations.UntagResource)
{
    protected override async Task<Outcome<UntagResourceResponse>> HandleAsync(UntagResourceRequest request, LightsailRequestContext context)
    {
        var resourceName = request.ResourceName!;
        var tagKeys = request.TagKeys!;
        var operation = WireMapping.NewOperation(context.Scope, resourceName, "UntagResource", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, resourceName, current =>
        {
            if (request.ResourceArn is not null && request.ResourceArn != WireMapping.BucketArn(current))
            {
                return BucketChange.Refuse($"The resourceArn does not belong to the resource '{current.Name}'.");
            }

            var remaining = current.Tags.Where(t => !tagKeys.Contains(t.Key)).ToList();
            return new BucketChange(current with { Tags = remaining }, [operation]);
        }, context.CancellationToken);

        return TaggingResult.From(outcome, resourceName, operations => new UntagResourceResponse { Operations = operations });
    }
}
