using System.Globalization;
using System.Security.Cryptography;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// CompleteMultipartUpload: checks the listed parts, concatenates them into one blob (computing a
/// full-object checksum on the way), commits the object and removes the parts.
/// </summary>
public sealed class CompleteMultipartUploadHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    /// <summary>Every part but the last must be at least 5 MiB.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public S3Operation Operation => S3Operation.CompleteMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.Bucket;
        var uploadId = context.Query("uploadId")!;
        var upload = await metadata.GetUploadAsync(bucket.Id, uploadId, context.Aborted);
        if (upload is null || upload.Key != context.Key)
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        var (root, xmlError) = await XmlBody.ReadAsync(context);
        if (xmlError is not null)
        {
            return xmlError;
        }

        if (root!.Name.LocalName != "CompleteMultipartUpload")
        {
            return S3Error.MalformedXML;
        }

        var requested = new List<(int Number, string ETag)>();
        foreach (var part in root.Children("Part"))
        {
            if (!int.TryParse(part.ChildValue("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || part.ChildValue("ETag") is not { } etag)
            {
                return S3Error.MalformedXML;
            }

            requested.Add((number, S3Format.UnquoteETag(etag)));
        }

        if (requested.Count == 0)
        {
            return S3Error.MalformedXML.WithMessage("You must specify at least one part.");
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
            {
                return S3Error.InvalidPartOrder;
            }
        }

        var stored = (await metadata.ListPartsAsync(uploadId, 0, 10000, context.Aborted)).ToDictionary(p => p.PartNumber);
        var parts = new List<PartRecord>(requested.Count);
        foreach (var (number, etag) in requested)
        {
            if (!stored.TryGetValue(number, out var part) || part.ETag != etag)
            {
                return S3Error.InvalidPart.With("UploadId", uploadId).With("PartNumber", number.ToString(CultureInfo.InvariantCulture)).With("ETag", etag);
            }

            parts.Add(part);
        }

        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                return S3Error.EntityTooSmall
                    .With("ProposedSize", parts[i].Size.ToString(CultureInfo.InvariantCulture))
                    .With("MinSizeAllowed", MinPartSize.ToString(CultureInfo.InvariantCulture))
                    .With("PartNumber", parts[i].PartNumber.ToString(CultureInfo.InvariantCulture))
                    .With("ETag", parts[i].ETag);
            }
        }

        var algorithm = upload.ChecksumAlgorithm;
        var fullObject = upload.ChecksumType == "FULL_OBJECT";
        var (blob, _, fullChecksum) = await transfer.CopyAsync(
            parts.Select(p => StoredRange.OfFile(transfer.Blobs.PathOf(bucket.Id, p.Blob), 0, p.Size)).ToList(),
            bucket.Id,
            fullObject ? algorithm : null,
            context.Aborted,
            computeMd5: false);

        string? checksum = fullChecksum;
        if (algorithm is not null && !fullObject && parts.All(p => p.ChecksumValue is not null))
        {
            var combined = parts.SelectMany(p => Convert.FromBase64String(p.ChecksumValue!)).ToArray();
            checksum = ChecksumAlgorithms.ComputeBase64(algorithm, combined) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
        }

        var expected = algorithm is null ? null : context.Header(ChecksumAlgorithms.HeaderName(algorithm));
        if (fullObject && expected is not null && expected != checksum)
        {
            transfer.Delete(bucket.Id, [blob]);
            return S3Error.BadDigest.WithMessage($"The {algorithm} you specified did not match the calculated checksum.");
        }

        var md5s = parts.SelectMany(p => Convert.FromHexString(p.ETag)).ToArray();
        var record = new ObjectRecord
        {
            BucketId = bucket.Id,
            Key = context.Key,
            Size = parts.Sum(p => p.Size),
            ETag = Convert.ToHexStringLower(MD5.HashData(md5s)) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture),
            LastModified = context.Now,
            Blob = blob,
            Headers = upload.Headers,
            Acl = upload.Acl,
            Tags = upload.Tags,
            ChecksumAlgorithm = checksum is null ? null : algorithm,
            ChecksumValue = checksum,
            ChecksumType = checksum is null ? null : upload.ChecksumType,
            PartSizes = parts.Select(p => p.Size).ToArray(),
        };

        WriteResult? written;
        try
        {
            written = await metadata.CompleteUploadAsync(uploadId, record, ObjectHeaders.Versioning(bucket), context.Aborted);
        }
        catch
        {
            transfer.Delete(bucket.Id, [blob]);
            throw;
        }

        if (written is null)
        {
            transfer.Delete(bucket.Id, [blob]);
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        // Parts uploaded but not listed are dropped with the upload.
        transfer.Delete(bucket.Id, [.. written.UnreachableBlobs, .. stored.Values.Where(p => !parts.Contains(p)).Select(p => p.Blob)]);
        ObjectHeaders.WriteVersionId(context.Response, written.Record, bucket);
        var location = $"{context.Request.Scheme}://{context.Request.Host}/{bucket.Name}/{LocalSail.Signing.UriEncoding.Encode(context.Key, encodeSlash: false)}";
        var xml = new S3XmlBuilder().Root("CompleteMultipartUploadResult")
            .Element("Location", location)
            .Element("Bucket", bucket.Name)
            .Element("Key", context.Key)
            .Element("ETag", S3Format.QuotedETag(record.ETag));
        if (record.ChecksumAlgorithm is not null)
        {
            xml.Element("Checksum" + record.ChecksumAlgorithm, record.ChecksumValue).Element("ChecksumType", record.ChecksumType);
        }

        xml.Close("CompleteMultipartUploadResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}
