using System.Globalization;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>CreateMultipartUpload: remembers the object's headers, ACL, tags and checksum algorithm.</summary>
public sealed class CreateMultipartUploadHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public S3Operation Operation => S3Operation.CreateMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var request = context.Request;
        var acl = ObjectHeaders.AclFromRequest(request);
        if (acl is null)
        {
            return S3Error.InvalidArgument.WithMessage("x-amz-acl is not a canned ACL.");
        }

        var tags = ObjectHeaders.TagsFromRequest(request);
        if (tags is null)
        {
            return S3Error.InvalidTag;
        }

        var requested = context.Header("x-amz-checksum-algorithm");
        var algorithm = ChecksumAlgorithms.Normalize(requested);
        if (requested is not null && algorithm is null)
        {
            return S3Error.InvalidRequest.WithMessage($"Checksum algorithm '{requested}' is not supported.");
        }

        var type = context.Header("x-amz-checksum-type")?.ToUpperInvariant();
        if (type is not (null or "COMPOSITE" or "FULL_OBJECT"))
        {
            return S3Error.InvalidRequest.WithMessage("x-amz-checksum-type must be COMPOSITE or FULL_OBJECT.");
        }

        if (algorithm is not null)
        {
            type ??= algorithm == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE";
        }

        var upload = new UploadRecord
        {
            UploadId = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            BucketId = context.Bucket.Id,
            Key = context.Key,
            Initiated = context.Now,
            Headers = ObjectHeaders.FromRequest(request),
            Acl = acl,
            Tags = tags,
            ChecksumAlgorithm = algorithm,
            ChecksumType = algorithm is null ? null : type,
        };
        await metadata.CreateUploadAsync(upload, context.Aborted);
        if (algorithm is not null)
        {
            context.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
            context.Response.Headers["x-amz-checksum-type"] = upload.ChecksumType;
        }

        var xml = new S3XmlBuilder().Root("InitiateMultipartUploadResult")
            .Element("Bucket", context.Bucket.Name).Element("Key", context.Key).Element("UploadId", upload.UploadId)
            .Close("InitiateMultipartUploadResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}

/// <summary>Shared checks of the part operations.</summary>
internal static class PartRequest
{
    public static async Task<(UploadRecord? Upload, int PartNumber, S3Error? Error)> ResolveAsync(S3RequestContext context, IObjectMetadataStore metadata)
    {
        if (!int.TryParse(context.Query("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
        {
            return (null, 0, S3Error.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive."));
        }

        var upload = await metadata.GetUploadAsync(context.Bucket.Id, context.Query("uploadId")!, context.Aborted);
        if (upload is null || upload.Key != context.Key)
        {
            return (null, 0, S3Error.NoSuchUpload.With("UploadId", context.Query("uploadId")!));
        }

        return (upload, partNumber, null);
    }
}

/// <summary>UploadPart: one part, streamed and verified like a PUT.</summary>
public sealed class UploadPartHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    public S3Operation Operation => S3Operation.UploadPart;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (upload, partNumber, error) = await PartRequest.ResolveAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        var (blob, result) = await transfer.ReceiveAsync(context, upload!.ChecksumAlgorithm);
        if (blob is null)
        {
            return result.Error;
        }

        var bucketId = context.Bucket.Id;
        var part = new PartRecord
        {
            UploadId = upload.UploadId,
            PartNumber = partNumber,
            Size = result.Length,
            ETag = result.Md5Hex,
            LastModified = context.Now,
            Blob = blob,
            ChecksumValue = upload.ChecksumAlgorithm is null ? null : result.ChecksumValue,
        };
        var (found, replaced) = await metadata.PutPartAsync(part, context.Aborted);
        if (!found)
        {
            transfer.Delete(bucketId, [blob]);
            return S3Error.NoSuchUpload.With("UploadId", upload.UploadId);
        }

        if (replaced is not null)
        {
            transfer.Delete(bucketId, [replaced]);
        }

        context.Response.Headers.ETag = S3Format.QuotedETag(part.ETag);
        if (upload.ChecksumAlgorithm is not null && part.ChecksumValue is not null)
        {
            context.Response.Headers[ChecksumAlgorithms.HeaderName(upload.ChecksumAlgorithm)] = part.ChecksumValue;
        }

        return await S3Responses.EmptyAsync(context);
    }
}

/// <summary>UploadPartCopy: a part from a range of an existing object.</summary>
public sealed class UploadPartCopyHandler(IObjectMetadataStore metadata, BlobTransfer transfer, CopySource source) : IS3Handler
{
    public S3Operation Operation => S3Operation.UploadPartCopy;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (upload, partNumber, error) = await PartRequest.ResolveAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        var (sourceBucket, sourceRecord, sourceError) = await source.ResolveAsync(context);
        if (sourceError is not null)
        {
            return sourceError;
        }

        long offset = 0;
        var length = sourceRecord!.Size;
        var rangeHeader = context.Header("x-amz-copy-source-range");
        if (rangeHeader is not null)
        {
            var range = ByteRange.Parse(rangeHeader, sourceRecord.Size, out var satisfiable);
            if (range is null || !satisfiable || !rangeHeader.Contains('-') || rangeHeader.EndsWith('-') || rangeHeader.Contains("=-", StringComparison.Ordinal))
            {
                return S3Error.InvalidArgument.WithMessage("The x-amz-copy-source-range value must be of the form bytes=first-last within the object.");
            }

            offset = range.Value.Start;
            length = range.Value.Length;
        }

        var bucketId = context.Bucket.Id;
        // Parts stay files, whether the source object is a file or inline.
        var (blob, md5, checksum) = await transfer.CopyAsync(
            [transfer.RangeOf(sourceBucket!.Id, sourceRecord, offset, length)], bucketId, upload!.ChecksumAlgorithm, context.Aborted);
        var part = new PartRecord
        {
            UploadId = upload.UploadId,
            PartNumber = partNumber,
            Size = length,
            ETag = Convert.ToHexStringLower(md5),
            LastModified = context.Now,
            Blob = blob,
            ChecksumValue = checksum,
        };
        var (found, replaced) = await metadata.PutPartAsync(part, context.Aborted);
        if (!found)
        {
            transfer.Delete(bucketId, [blob]);
            return S3Error.NoSuchUpload.With("UploadId", upload.UploadId);
        }

        if (replaced is not null)
        {
            transfer.Delete(bucketId, [replaced]);
        }

        var xml = new S3XmlBuilder().Root("CopyPartResult")
            .Element("LastModified", part.LastModified)
            .Element("ETag", S3Format.QuotedETag(part.ETag));
        if (upload.ChecksumAlgorithm is not null)
        {
            xml.Element("Checksum" + upload.ChecksumAlgorithm, checksum);
        }

        xml.Close("CopyPartResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}

/// <summary>AbortMultipartUpload: removes the upload and its parts.</summary>
public sealed class AbortMultipartUploadHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    public S3Operation Operation => S3Operation.AbortMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var uploadId = context.Query("uploadId")!;
        var upload = await metadata.GetUploadAsync(context.Bucket.Id, uploadId, context.Aborted);
        var blobs = upload is null || upload.Key != context.Key ? null : await metadata.AbortUploadAsync(context.Bucket.Id, uploadId, context.Aborted);
        if (blobs is null)
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        transfer.Delete(context.Bucket.Id, blobs);
        return await S3Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
    }
}
