using System.Globalization;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListParts: the parts of an open upload, paged by part number.</summary>
public sealed class ListPartsHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListParts;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var uploadId = context.Query("uploadId")!;
        var upload = await metadata.GetUploadAsync(context.Bucket.Id, uploadId, context.Aborted);
        if (upload is null || upload.Key != context.Key)
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        var maxParts = S3Responses.ParseMax(context.Query("max-parts"), 1000, 1000);
        var markerText = context.Query("part-number-marker") ?? "0";
        if (maxParts is null || !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var marker))
        {
            return S3Error.InvalidArgument.WithMessage("max-parts and part-number-marker must be non-negative integers.");
        }

        var parts = await metadata.ListPartsAsync(uploadId, marker, maxParts.Value + 1, context.Aborted);
        var truncated = parts.Count > maxParts.Value;
        var page = parts.Take(maxParts.Value).ToList();
        var owner = context.Bucket.Scope.AccountId;
        var xml = new S3XmlBuilder().Root("ListPartsResult")
            .Element("Bucket", context.Bucket.Name).Element("Key", context.Key).Element("UploadId", uploadId)
            .Element("PartNumberMarker", marker)
            .Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker)
            .Element("MaxParts", maxParts.Value)
            .Element("IsTruncated", truncated);
        S3Responses.Owner(xml, owner, "Initiator");
        S3Responses.Owner(xml, owner);
        xml.Element("StorageClass", "STANDARD");
        if (upload.ChecksumAlgorithm is not null)
        {
            xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm).Element("ChecksumType", upload.ChecksumType);
        }

        foreach (var part in page)
        {
            xml.Open("Part").Element("PartNumber", part.PartNumber).Element("LastModified", part.LastModified)
                .QuotedElement("ETag", part.ETag).Element("Size", part.Size);
            if (upload.ChecksumAlgorithm is not null)
            {
                xml.Element("Checksum" + upload.ChecksumAlgorithm, part.ChecksumValue);
            }

            xml.Close("Part");
        }

        xml.Close("ListPartsResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}

/// <summary>ListMultipartUploads: open uploads by key then upload id.</summary>
public sealed class ListMultipartUploadsHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListMultipartUploads;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var maxUploads = S3Responses.ParseMax(context.Query("max-uploads"), 1000, 1000);
        if (maxUploads is null)
        {
            return S3Error.InvalidArgument.WithMessage("max-uploads must be a non-negative integer.");
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var keyMarker = context.Query("key-marker");
        var uploadIdMarker = keyMarker is null ? null : context.Query("upload-id-marker");
        var urlEncoding = context.Query("encoding-type") == "url";
        var uploads = await metadata.ListUploadsAsync(context.Bucket.Id, prefix, keyMarker, uploadIdMarker, maxUploads.Value + 1, context.Aborted);
        var truncated = uploads.Count > maxUploads.Value;
        var page = uploads.Take(maxUploads.Value).ToList();
        var owner = context.Bucket.Scope.AccountId;
        var xml = new S3XmlBuilder().Root("ListMultipartUploadsResult")
            .Element("Bucket", context.Bucket.Name)
            .Element("KeyMarker", S3Responses.Encode(keyMarker ?? string.Empty, urlEncoding))
            .Element("UploadIdMarker", uploadIdMarker ?? string.Empty)
            .Element("NextKeyMarker", S3Responses.Encode(page.Count > 0 ? page[^1].Key : string.Empty, urlEncoding))
            .Element("NextUploadIdMarker", page.Count > 0 ? page[^1].UploadId : string.Empty)
            .Element("Prefix", S3Responses.Encode(prefix, urlEncoding))
            .Element("MaxUploads", maxUploads.Value)
            .Element("IsTruncated", truncated);
        if (urlEncoding)
        {
            xml.Element("EncodingType", "url");
        }

        foreach (var upload in page)
        {
            xml.Open("Upload").Element("Key", S3Responses.Encode(upload.Key, urlEncoding)).Element("UploadId", upload.UploadId);
            S3Responses.Owner(xml, owner, "Initiator");
            S3Responses.Owner(xml, owner);
            xml.Element("StorageClass", "STANDARD").Element("Initiated", upload.Initiated);
            if (upload.ChecksumAlgorithm is not null)
            {
                xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm).Element("ChecksumType", upload.ChecksumType);
            }

            xml.Close("Upload");
        }

        xml.Close("ListMultipartUploadsResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}
