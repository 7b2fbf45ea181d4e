using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Adds or replaces tags on a bucket (the only taggable resource LocalSail has).</summary>
public sealed class TagResource(IControlPlaneStore store) : LightsailOperation<TagResourceRequest, OperationsResult>
{
    public override string Name => "TagResource";

    public override StructureShape Input => LightsailShapes.TagResourceRequest;

    protected override JsonTypeInfo<TagResourceRequest> RequestType => LightsailJsonContext.Default.TagResourceRequest;

    protected override JsonTypeInfo<OperationsResult> ResultType => LightsailJsonContext.Default.OperationsResult;

    protected override async Task<Outcome<OperationsResult>> HandleAsync(TagResourceRequest request, LightsailRequestContext context)
    {
        var added = TagRules.Validate(request.Tags, out var tagError);
        if (tagError is not null)
        {
            return LightsailError.InvalidInput(tagError);
        }

        var operation = WireMapping.NewOperation(context.Scope, request.ResourceName, "TagResource", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, request.ResourceName, current =>
        {
            if (request.ResourceArn is not null && request.ResourceArn != WireMapping.BucketArn(current))
            {
                return BucketChange.Refuse($"The resourceArn does not belong to the resource '{current.Name}'.");
            }

            var merged = TagRules.Merge(current.Tags, added);
            return merged.Count > TagRules.MaxTags
                ? BucketChange.Refuse($"A resource can have at most {TagRules.MaxTags} tags.")
                : new BucketChange(current with { Tags = merged }, [operation]);
        }, context.CancellationToken);

        return TaggingResult.From(outcome, request.ResourceName);
    }
}
