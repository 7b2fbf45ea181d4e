using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>The error for a request that names no object version it can act on.</summary>
internal static class TargetVersion
{
    public static S3Error ErrorFor(VersionMiss miss, string key) => miss switch
    {
        VersionMiss.NoSuchVersion => S3Error.NoSuchVersion.With("Key", key),
        VersionMiss.DeleteMarker => S3Error.MethodNotAllowed,
        _ => S3Error.NoSuchKey.With("Key", key),
    };
}

internal sealed class GetObjectTaggingHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.GetObjectTagging;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, miss) = await objects.FindVersionAsync(context.Bucket.Id, context.Key, context.Query("versionId"), context.Aborted);
        if (record is null)
        {
            return TargetVersion.ErrorFor(miss, context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.XmlAsync(context, record.Tags, static (xml, tags) =>
        {
            xml.Root("Tagging").Open("TagSet");
            foreach (var (key, value) in tags)
            {
                xml.Open("Tag").Element("Key", key).Element("Value", value).Close("Tag");
            }

            xml.Close("TagSet").Close("Tagging");
        });
    }
}

internal sealed class PutObjectTaggingHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutObjectTagging;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (root, xmlError) = await XmlBody.ReadAsync(context);
        if (xmlError is not null)
        {
            return xmlError;
        }

        var tagSet = root!.Name.LocalName == "Tagging" ? root.Children("TagSet").FirstOrDefault() : null;
        if (tagSet is null)
        {
            return S3Error.MalformedXML;
        }

        var tags = tagSet.Children("Tag").Select(t => new KeyValuePair<string, string>(t.ChildValue("Key") ?? string.Empty, t.ChildValue("Value") ?? string.Empty)).ToList();
        if (!ObjectHeaders.TagsValid(tags))
        {
            return S3Error.InvalidTag;
        }

        var (record, miss) = await objects.UpdateAsync(context.Bucket.Id, context.Key, context.Query("versionId"), tags, null, context.Aborted);
        if (record is null)
        {
            return TargetVersion.ErrorFor(miss, context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context);
    }
}

internal sealed class DeleteObjectTaggingHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteObjectTagging;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, miss) = await objects.UpdateAsync(context.Bucket.Id, context.Key, context.Query("versionId"), [], null, context.Aborted);
        if (record is null)
        {
            return TargetVersion.ErrorFor(miss, context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context, Microsoft.AspNetCore.Http.StatusCodes.Status204NoContent);
    }
}
