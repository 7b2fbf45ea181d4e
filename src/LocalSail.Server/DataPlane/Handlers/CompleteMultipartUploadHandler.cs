using System.Globalization;
using System.Security.Cryptography;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// CompleteMultipartUpload: checks the listed parts, concatenates them into one blob (computing a
/// full-object checksum on the way), then the object service commits the object and removes the upload.
/// Encrypted parts are concatenated as they are stored, so only a full-object checksum needs their key.
/// </summary>
internal sealed class CompleteMultipartUploadHandler(ObjectService objects, BlobTransfer transfer, ServerSideEncryption encryption) : IS3Handler
{
    /// <summary>Every part but the last must be at least 5 MiB.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public S3Operation Operation => S3Operation.CompleteMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.Bucket;
        var uploadId = context.Query("uploadId")!;
        var upload = await objects.FindUploadAsync(bucket.Id, context.Key, uploadId, context.Aborted);
        if (upload is null)
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

        var stored = (await objects.ListPartsAsync(uploadId, 0, 10000, context.Aborted)).ToDictionary(p => p.PartNumber);
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
        var (partsKey, keyError) = fullObject && algorithm is not null ? encryption.OpenForCompletion(context.Request, upload) : default;
        if (keyError is not null)
        {
            return keyError;
        }

        var (blob, fullChecksum) = await transfer.ConcatenatePartsAsync(
            bucket.Id, parts, upload.Encryption is not null, partsKey, fullObject ? algorithm : null, context.Aborted);

        string? checksum = fullChecksum;
        if (algorithm is not null && !fullObject && parts.All(p => p.ChecksumValue is not null))
        {
            var combined = parts.SelectMany(p => Convert.FromBase64String(p.ChecksumValue!)).ToArray();
            checksum = ChecksumAlgorithms.ComputeBase64(algorithm, combined) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
        }

        var expected = algorithm is null ? null : context.Header(ChecksumAlgorithms.HeaderName(algorithm));
        if (fullObject && expected is not null && expected != checksum)
        {
            await objects.DiscardBlobAsync(bucket.Id, blob);
            return S3Error.BadDigest.WithMessage($"The {algorithm} you specified did not match the calculated checksum.");
        }

        var md5s = parts.SelectMany(p => Convert.FromHexString(p.ETag)).ToArray();
        var version = new ObjectRecord
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
            Encryption = upload.Encryption,
        };

        var written = await objects.CompleteUploadAsync(bucket.Versioning, uploadId, parts, version, context.Aborted);
        switch (written.Status)
        {
            case WriteStatus.NoSuchUpload:
                return S3Error.NoSuchUpload.With("UploadId", uploadId);
            case WriteStatus.InvalidPart:
                // A part was uploaded again while the parts were being put together.
                return S3Error.InvalidPart.With("UploadId", uploadId);
        }

        ObjectHeaders.WriteVersionId(context.Response, written.Version!, bucket);
        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption, customer: null);
        var location = $"{context.Request.Scheme}://{context.Request.Host}/{bucket.Name}/{LocalSail.Signing.UriEncoding.Encode(context.Key, encodeSlash: false)}";
        return await S3Responses.XmlAsync(context, (Location: location, Bucket: bucket.Name, Version: version), static (xml, completed) =>
        {
            var result = completed.Version;
            xml.Root("CompleteMultipartUploadResult")
                .Element("Location", completed.Location)
                .Element("Bucket", completed.Bucket)
                .Element("Key", result.Key)
                .Element("ETag", S3Format.QuotedETag(result.ETag));
            if (result.ChecksumAlgorithm is not null)
            {
                xml.Element("Checksum" + result.ChecksumAlgorithm, result.ChecksumValue).Element("ChecksumType", result.ChecksumType);
            }

            xml.Close("CompleteMultipartUploadResult");
        });
    }
}
