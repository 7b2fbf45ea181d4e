using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Adds or replaces tags on a bucket (the only taggable resource LocalSail has).</summary>
internal sealed class TagResource(IControlPlaneStore store) : LightsailOperation<TagResourceRequest, TagResourceResponse>(LightsailOperations.TagResource)
{
    protected override async Task<Outcome<TagResourceResponse>> HandleAsync(TagResourceRequest request, LightsailRequestContext context)
    {
        var resourceName = request.ResourceName!;
        var added = TagRules.Validate(request.Tags!, out var tagError);
        if (tagError is not null)
        {
            return LightsailError.InvalidInput(tagError);
        }

        var operation = WireMapping.NewOperation(context.Scope, resourceName, "TagResource", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, resourceName, current =>
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

        return TaggingResult.From(outcome, resourceName, operations => new TagResourceResponse { Operations = operations });
    }
}
