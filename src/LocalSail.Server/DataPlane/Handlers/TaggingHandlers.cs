using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>Finds the object version a tagging or ACL request names (latest unless versionId).</summary>
internal static class TargetVersion
{
    public static async Task<(ObjectRecord? Record, S3Error? Error)> FindAsync(S3RequestContext context, IObjectMetadataStore metadata)
    {
        var versionId = context.Query("versionId");
        var record = await metadata.GetAsync(context.Bucket.Id, context.Key, versionId, context.Aborted);
        if (record is null)
        {
            return (null, versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.NoSuchVersion.With("Key", context.Key));
        }

        if (record.IsDeleteMarker)
        {
            return (null, versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.MethodNotAllowed);
        }

        return (record, null);
    }
}

public sealed class GetObjectTaggingHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public S3Operation Operation => S3Operation.GetObjectTagging;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, error) = await TargetVersion.FindAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        ObjectHeaders.WriteVersionId(context.Response, record!, context.Bucket);
        var xml = new S3XmlBuilder().Root("Tagging").Open("TagSet");
        foreach (var (key, value) in record!.Tags)
        {
            xml.Open("Tag").Element("Key", key).Element("Value", value).Close("Tag");
        }

        xml.Close("TagSet").Close("Tagging");
        return await S3Responses.XmlAsync(context, xml);
    }
}

public sealed class PutObjectTaggingHandler(IObjectMetadataStore metadata) : IS3Handler
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

        var (record, error) = await TargetVersion.FindAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        if (!await metadata.UpdateAsync(context.Bucket.Id, context.Key, record!.VersionId, tags, null, context.Aborted))
        {
            return S3Error.NoSuchKey.With("Key", context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context);
    }
}

public sealed class DeleteObjectTaggingHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteObjectTagging;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, error) = await TargetVersion.FindAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        await metadata.UpdateAsync(context.Bucket.Id, context.Key, record!.VersionId, [], null, context.Aborted);
        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context, Microsoft.AspNetCore.Http.StatusCodes.Status204NoContent);
    }
}
