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
            return await RepeatedOrMissingAsync(context, uploadId);
        }

        // The x-amz-checksum-* headers of a completion are the whole object's, checked below.
        var (root, xmlError) = await XmlBody.ReadAsync(context, checksumHeadersNameTheObject: true);
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

        var conditions = ObjectHeaders.WriteConditionsFrom(context.Request);
        if (!conditions.IsEmpty)
        {
            // Refused now when it would be refused at the commit: the parts need not be put together.
            var check = await objects.CheckConditionsAsync(bucket.Id, context.Key, conditions, context.Aborted);
            if (!check.Written)
            {
                return PutObjectHandler.Refusal(check);
            }
        }

        var (expected, expectationError) = ExpectedChecksum(context, upload);
        if (expectationError is not null)
        {
            return expectationError;
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
        var suffix = "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
        if (algorithm is not null && !fullObject && parts.All(p => p.ChecksumValue is not null))
        {
            var combined = parts.SelectMany(p => Convert.FromBase64String(p.ChecksumValue!)).ToArray();
            checksum = ChecksumAlgorithms.ComputeBase64(algorithm, combined) + suffix;
        }

        // A composite checksum may be given with its part count or without it.
        if (expected is not null && expected != checksum && (fullObject || expected + suffix != checksum))
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

        var written = await objects.CompleteUploadAsync(bucket.Versioning, uploadId, parts, version, conditions, context.Aborted);
        switch (written.Status)
        {
            case WriteStatus.NoSuchUpload:
                // Completed by another request meanwhile (or aborted).
                return await RepeatedOrMissingAsync(context, uploadId);
            case WriteStatus.InvalidPart:
                // A part was uploaded again while the parts were being put together.
                return S3Error.InvalidPart.With("UploadId", uploadId);
            case WriteStatus.PreconditionFailed or WriteStatus.NoSuchKey:
                return PutObjectHandler.Refusal(written);
        }

        return await CompletedAsync(context, written.Version!);
    }

    /// <summary>
    /// The object's checksum the request states, checked against the upload's algorithm and checksum type; null when
    /// it states none.
    /// </summary>
    private static (string? Expected, S3Error? Error) ExpectedChecksum(S3RequestContext context, UploadRecord upload)
    {
        var type = context.Header("x-amz-checksum-type");
        if (type is not null && upload.ChecksumType is { } uploadType && !type.Equals(uploadType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, S3Error.InvalidRequest.WithMessage(
                $"The upload was created using the {uploadType} checksum mode. The complete request must use the same checksum mode."));
        }

        string? expected = null;
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            if (context.Header(ChecksumAlgorithms.HeaderName(algorithm)) is not { Length: > 0 } value)
            {
                continue;
            }

            if (upload.ChecksumAlgorithm is null)
            {
                // Parts without checksums have nothing to combine: there is no checksum to check.
                continue;
            }

            if (algorithm != upload.ChecksumAlgorithm)
            {
                return (null, S3Error.InvalidRequest.WithMessage(
                    $"The upload was created using a {upload.ChecksumAlgorithm.ToLowerInvariant()} checksum. The complete request must use the same algorithm."));
            }

            expected = value;
        }

        return (expected, null);
    }

    /// <summary>
    /// The answer to a completion of an upload that is not open: the completed object's, when this upload was completed
    /// lately (a client retrying a completion whose answer it lost), or NoSuchUpload.
    /// </summary>
    private async Task<S3Error?> RepeatedOrMissingAsync(S3RequestContext context, string uploadId)
    {
        if (objects.FindCompletion(context.Bucket.Id, context.Key, uploadId) is not { } completed)
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        // The request is not read: it cannot change what was completed.
        return await CompletedAsync(context, completed);
    }

    private static async Task<S3Error?> CompletedAsync(S3RequestContext context, ObjectRecord version)
    {
        var bucket = context.Bucket;
        ObjectHeaders.WriteVersionId(context.Response, version, bucket);
        ServerSideEncryption.WriteHeaders(context.Response, version.Encryption, customer: null);
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
