using System.Globalization;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListParts: the parts of an open upload, paged by part number.</summary>
internal sealed class ListPartsHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListParts;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var uploadId = context.Query("uploadId")!;
        var upload = await objects.FindUploadAsync(context.Bucket.Id, context.Key, uploadId, context.Aborted);
        if (upload is null)
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        var maxParts = S3Responses.ParseMax(context.Query("max-parts"), 1000, 1000);
        var markerText = context.Query("part-number-marker") ?? "0";
        if (maxParts is null || !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var marker))
        {
            return S3Error.InvalidArgument.WithMessage("max-parts and part-number-marker must be non-negative integers.");
        }

        var parts = await objects.ListPartsAsync(uploadId, marker, maxParts.Value + 1, context.Aborted);
        var truncated = parts.Count > maxParts.Value;
        var page = parts.Take(maxParts.Value).ToList();
        var answer = new PartsPage(context.Bucket.Name, context.Bucket.Scope.AccountId, upload, marker, maxParts.Value, truncated, page);
        return await S3Responses.XmlAsync(context, answer, static (xml, reply) => reply.Write(xml));
    }

    private sealed record PartsPage(string Bucket, string Owner, UploadRecord Upload, int Marker, int MaxParts, bool Truncated, List<PartRecord> Parts)
    {
        public void Write(S3XmlBuilder xml)
        {
            xml.Root("ListPartsResult")
                .Element("Bucket", Bucket).Element("Key", Upload.Key).Element("UploadId", Upload.UploadId)
                .Element("PartNumberMarker", Marker)
                .Element("NextPartNumberMarker", Parts.Count > 0 ? Parts[^1].PartNumber : Marker)
                .Element("MaxParts", MaxParts)
                .Element("IsTruncated", Truncated);
            S3Responses.Owner(xml, Owner, "Initiator");
            S3Responses.Owner(xml, Owner);
            xml.Element("StorageClass", "STANDARD");
            if (Upload.ChecksumAlgorithm is not null)
            {
                xml.Element("ChecksumAlgorithm", Upload.ChecksumAlgorithm).Element("ChecksumType", Upload.ChecksumType);
            }

            foreach (var part in Parts)
            {
                xml.Open("Part").Element("PartNumber", part.PartNumber).Element("LastModified", part.LastModified)
                    .QuotedElement("ETag", part.ETag).Element("Size", part.Size);
                if (Upload.ChecksumAlgorithm is not null)
                {
                    xml.Element("Checksum" + Upload.ChecksumAlgorithm, part.ChecksumValue);
                }

                xml.Close("Part");
            }

            xml.Close("ListPartsResult");
        }
    }
}

/// <summary>ListMultipartUploads: open uploads by key then upload id.</summary>
internal sealed class ListMultipartUploadsHandler(ObjectService objects) : IS3Handler
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
        var uploads = await objects.ListUploadsAsync(context.Bucket.Id, prefix, keyMarker, uploadIdMarker, maxUploads.Value + 1, context.Aborted);
        var truncated = uploads.Count > maxUploads.Value;
        var page = uploads.Take(maxUploads.Value).ToList();
        var answer = new UploadsPage(context.Bucket.Name, context.Bucket.Scope.AccountId, prefix, keyMarker, uploadIdMarker, maxUploads.Value, urlEncoding, truncated, page);
        return await S3Responses.XmlAsync(context, answer, static (xml, reply) => reply.Write(xml));
    }

    private sealed record UploadsPage(
        string Bucket, string Owner, string Prefix, string? KeyMarker, string? UploadIdMarker, int MaxUploads, bool UrlEncoding, bool Truncated, List<UploadRecord> Uploads)
    {
        public void Write(S3XmlBuilder xml)
        {
            xml.Root("ListMultipartUploadsResult")
                .Element("Bucket", Bucket)
                .Element("KeyMarker", S3Responses.Encode(KeyMarker ?? string.Empty, UrlEncoding))
                .Element("UploadIdMarker", UploadIdMarker ?? string.Empty)
                .Element("NextKeyMarker", S3Responses.Encode(Uploads.Count > 0 ? Uploads[^1].Key : string.Empty, UrlEncoding))
                .Element("NextUploadIdMarker", Uploads.Count > 0 ? Uploads[^1].UploadId : string.Empty)
                .Element("Prefix", S3Responses.Encode(Prefix, UrlEncoding))
                .Element("MaxUploads", MaxUploads)
                .Element("IsTruncated", Truncated);
            if (UrlEncoding)
            {
                xml.Element("EncodingType", "url");
            }

            foreach (var upload in Uploads)
            {
                xml.Open("Upload").Element("Key", S3Responses.Encode(upload.Key, UrlEncoding)).Element("UploadId", upload.UploadId);
                S3Responses.Owner(xml, Owner, "Initiator");
                S3Responses.Owner(xml, Owner);
                xml.Element("StorageClass", "STANDARD").Element("Initiated", upload.Initiated);
                if (upload.ChecksumAlgorithm is not null)
                {
                    xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm).Element("ChecksumType", upload.ChecksumType);
                }

                xml.Close("Upload");
            }

            xml.Close("ListMultipartUploadsResult");
        }
    }
}
