using LocalSail.Server.Objects;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>DeleteObject: a delete marker when versioned, the version asked for, or the object; 204 either way.</summary>
internal sealed class DeleteObjectHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.Bucket;
        var (conditions, conditionError) = ObjectHeaders.DeleteConditionsFrom(context.Request);
        if (conditionError is not null)
        {
            return conditionError;
        }

        var result = await objects.DeleteAsync(bucket.Versioning, bucket.Id, context.Key, context.Query("versionId"), context.Now, context.Aborted, conditions);
        if (result.Refusal != WriteStatus.Written)
        {
            return PutObjectHandler.Refusal(new VersionWrite(result.Refusal, null, result.FailedCondition));
        }

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
internal sealed class DeleteObjectsHandler(ObjectService objects) : IS3Handler
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

        var objectsNamed = root.Children("Object").Select(o => (Key: o.ChildValue("Key"), VersionId: o.ChildValue("VersionId"))).ToList();
        if (objectsNamed.Count is 0 or > 1000 || objectsNamed.Any(o => string.IsNullOrEmpty(o.Key)))
        {
            return S3Error.MalformedXML;
        }

        var quiet = string.Equals(root.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var bucket = context.Bucket;
        var deleted = new List<(string Key, string? VersionId, ObjectDeletion Result)>(quiet ? 0 : objectsNamed.Count);
        foreach (var (key, versionId) in objectsNamed)
        {
            var result = await objects.DeleteAsync(bucket.Versioning, bucket.Id, key!, versionId, context.Now, context.Aborted);
            if (!quiet)
            {
                deleted.Add((key!, versionId, result));
            }
        }

        return await S3Responses.XmlAsync(context, deleted, static (xml, entries) =>
        {
            xml.Root("DeleteResult");
            foreach (var (key, versionId, result) in entries)
            {
                xml.Open("Deleted").Element("Key", key).Element("VersionId", versionId);
                if (result.IsDeleteMarker)
                {
                    xml.Element("DeleteMarker", true).Element("DeleteMarkerVersionId", result.VersionId);
                }

                xml.Close("Deleted");
            }

            xml.Close("DeleteResult");
        });
    }
}
