using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class UntagResource(IControlPlaneStore store) : LightsailOperation<UntagResourceRequest, OperationsResult>
{
    public override string Name => "UntagResource";

    public override StructureShape Input => LightsailShapes.UntagResourceRequest;

    protected override JsonTypeInfo<UntagResourceRequest> RequestType => LightsailJsonContext.Default.UntagResourceRequest;

    protected override JsonTypeInfo<OperationsResult> ResultType => LightsailJsonContext.Default.OperationsResult;

    protected override async Task<Outcome<OperationsResult>> HandleAsync(UntagResourceRequest request, LightsailRequestContext context)
    {
        var operation = WireMapping.NewOperation(context.Scope, request.ResourceName, "UntagResource", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, request.ResourceName, current =>
        {
            if (request.ResourceArn is not null && request.ResourceArn != WireMapping.BucketArn(current))
            {
                return BucketChange.Refuse($"The resourceArn does not belong to the resource '{current.Name}'.");
            }

            var remaining = current.Tags.Where(t => !request.TagKeys.Contains(t.Key)).ToList();
            return new BucketChange(current with { Tags = remaining }, [operation]);
        }, context.CancellationToken);

        return TaggingResult.From(outcome, request.ResourceName);
    }
}
