using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>DeleteObject: a delete marker when versioned, the version asked for, or the object; 204 either way.</summary>
public sealed class DeleteObjectHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.Bucket;
        var result = await metadata.DeleteAsync(bucket.Id, context.Key, context.Query("versionId"), ObjectHeaders.Versioning(bucket), context.Now, context.Aborted);
        transfer.Delete(bucket.Id, result.UnreachableBlobs);
        if (result.IsDeleteMarker)
        {
            context.Response.Headers["x-amz-delete-marker"] = "true";
        }

        if (result.VersionId is not null)
        {
            // The version asked for is echoed, and the request may have asked for any text.
            context.Response.Headers["x-amz-version-id"] = ObjectHeaders.ForResponse(result.VersionId);
        }

        return await S3Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
    }
}

/// <summary>DeleteObjects: up to 1,000 keys (and versions) in one request.</summary>
public sealed class DeleteObjectsHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteObjects;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (root, error) = await XmlBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        if (root!.Name.LocalName != "Delete")
        {
            return S3Error.MalformedXML;
        }

        var objects = root.Children("Object").Select(o => (Key: o.ChildValue("Key"), VersionId: o.ChildValue("VersionId"))).ToList();
        if (objects.Count is 0 or > 1000 || objects.Any(o => string.IsNullOrEmpty(o.Key)))
        {
            return S3Error.MalformedXML;
        }

        var quiet = string.Equals(root.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var bucket = context.Bucket;
        var versioning = ObjectHeaders.Versioning(bucket);
        var xml = new S3XmlBuilder().Root("DeleteResult");
        foreach (var (key, versionId) in objects)
        {
            var result = await metadata.DeleteAsync(bucket.Id, key!, versionId, versioning, context.Now, context.Aborted);
            transfer.Delete(bucket.Id, result.UnreachableBlobs);
            if (quiet)
            {
                continue;
            }

            xml.Open("Deleted").Element("Key", key).Element("VersionId", versionId);
            if (result.IsDeleteMarker)
            {
                xml.Element("DeleteMarker", true).Element("DeleteMarkerVersionId", result.VersionId);
            }

            xml.Close("Deleted");
        }

        xml.Close("DeleteResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}
