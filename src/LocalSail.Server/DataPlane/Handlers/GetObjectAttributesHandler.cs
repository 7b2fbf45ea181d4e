using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// GetObjectAttributes: what <c>x-amz-object-attributes</c> asks for of a version (ETag, Checksum, ObjectParts,
/// StorageClass, ObjectSize), without its bytes. A multipart object's parts are paged by <c>x-amz-max-parts</c> and
/// <c>x-amz-part-number-marker</c>.
/// </summary>
internal sealed class GetObjectAttributesHandler(ObjectService objects) : IS3Handler
{
    private static readonly string[] Known = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"];

    public S3Operation Operation => S3Operation.GetObjectAttributes;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in context.Request.Headers["x-amz-object-attributes"])
        {
            foreach (var name in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Known.Contains(name))
                {
                    return S3Error.InvalidArgument.WithMessage("Invalid attribute name specified.").With("ArgumentName", "x-amz-object-attributes").With("ArgumentValue", name);
                }

                requested.Add(name);
            }
        }

        if (requested.Count == 0)
        {
            return S3Error.InvalidRequest.WithMessage("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
        }

        var maxParts = S3Responses.ParseMax(context.Header("x-amz-max-parts"), 1000, 1000);
        var marker = S3Responses.ParseMax(context.Header("x-amz-part-number-marker"), 0, 10000);
        if (maxParts is null || marker is null)
        {
            return S3Error.InvalidArgument.WithMessage("x-amz-max-parts and x-amz-part-number-marker must be non-negative integers.");
        }

        var bucket = context.Bucket;
        var versionId = context.Query("versionId");
        var record = await objects.FindAsync(bucket.Id, context.Key, versionId, context.Aborted);
        if (record is null)
        {
            return versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.NoSuchVersion.With("Key", context.Key).With("VersionId", versionId);
        }

        var response = context.Response;
        if (record.IsDeleteMarker)
        {
            response.Headers["x-amz-delete-marker"] = "true";
            response.Headers["x-amz-version-id"] = record.VersionId;
            return versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.MethodNotAllowed;
        }

        response.Headers.LastModified = S3Format.HttpDate(record.LastModified);
        ObjectHeaders.WriteVersionId(response, record, bucket);
        return await S3Responses.XmlAsync(context, (Record: record, Requested: requested, MaxParts: maxParts.Value, Marker: marker.Value), static (xml, state) =>
        {
            var (record, requested, maxParts, marker) = state;
            xml.Root("GetObjectAttributesResponse");
            if (requested.Contains("ETag"))
            {
                // Unquoted here, unlike every other answer that carries an ETag.
                xml.Element("ETag", record.ETag);
            }

            if (requested.Contains("Checksum") && record.ChecksumAlgorithm is not null && record.ChecksumValue is not null)
            {
                xml.Open("Checksum")
                    .Element("Checksum" + record.ChecksumAlgorithm, record.ChecksumValue)
                    .Element("ChecksumType", record.ChecksumType)
                    .Close("Checksum");
            }

            if (requested.Contains("ObjectParts") && record.PartSizes.Count > 0)
            {
                WriteParts(xml, record, maxParts, marker);
            }

            if (requested.Contains("StorageClass"))
            {
                xml.Element("StorageClass", "STANDARD");
            }

            if (requested.Contains("ObjectSize"))
            {
                xml.Element("ObjectSize", record.Size);
            }

            xml.Close("GetObjectAttributesResponse");
        });
    }

    private static void WriteParts(S3XmlBuilder xml, ObjectRecord record, int maxParts, int marker)
    {
        var count = record.PartSizes.Count;
        var last = Math.Min(count, marker + maxParts);
        var truncated = last < count;
        xml.Open("ObjectParts").Element("PartsCount", count).Element("PartNumberMarker", marker);
        if (truncated)
        {
            xml.Element("NextPartNumberMarker", last);
        }

        xml.Element("MaxParts", maxParts).Element("IsTruncated", truncated);
        for (var number = marker + 1; number <= last; number++)
        {
            xml.Open("Part")
                .Element("PartNumber", number)
                .Element("Size", record.PartSizes[number - 1])
                .Close("Part");
        }

        xml.Close("ObjectParts");
    }
}
