using System.Globalization;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// CreateMultipartUpload: remembers the object's headers, ACL, tags and checksum algorithm, and the new data key its
/// parts will be encrypted under (the customer's when the request carries SSE-C headers).
/// </summary>
internal sealed class CreateMultipartUploadHandler(ObjectService objects, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.CreateMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var request = context.Request;
        var (acl, tags, settingsError) = ObjectHeaders.NewObjectSettingsFrom(request);
        if (settingsError is not null)
        {
            return settingsError;
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

        var (customer, encryptionError) = ServerSideEncryption.ForWrite(request);
        if (encryptionError is not null)
        {
            return encryptionError;
        }

        var (sealedWith, _) = encryption.NewKey(customer, ServerSideEncryption.Requested(request));

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
            Encryption = sealedWith,
        };
        await objects.CreateUploadAsync(upload, context.Aborted);
        ServerSideEncryption.WriteHeaders(context.Response, sealedWith, customer);
        if (algorithm is not null)
        {
            context.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
            context.Response.Headers["x-amz-checksum-type"] = upload.ChecksumType;
        }

        return await S3Responses.XmlAsync(context, (Bucket: context.Bucket.Name, upload.Key, upload.UploadId), static (xml, created) =>
            xml.Root("InitiateMultipartUploadResult")
                .Element("Bucket", created.Bucket).Element("Key", created.Key).Element("UploadId", created.UploadId)
                .Close("InitiateMultipartUploadResult"));
    }
}

/// <summary>Shared checks of the part operations.</summary>
internal static class PartRequest
{
    public static async Task<(UploadRecord? Upload, int PartNumber, S3Error? Error)> ResolveAsync(S3RequestContext context, ObjectService objects)
    {
        if (!int.TryParse(context.Query("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
        {
            return (null, 0, S3Error.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive."));
        }

        var upload = await objects.FindUploadAsync(context.Bucket.Id, context.Key, context.Query("uploadId")!, context.Aborted);
        if (upload is null)
        {
            return (null, 0, S3Error.NoSuchUpload.With("UploadId", context.Query("uploadId")!));
        }

        return (upload, partNumber, null);
    }

    /// <summary>The data key a part is encrypted under, with the customer's key (SSE-C) the request must carry for it.</summary>
    public static (DataKey? Key, CustomerKey? Customer, S3Error? Error) OpenKey(S3RequestContext context, ServerSideEncryption encryption, UploadRecord upload)
    {
        var (customer, error) = ServerSideEncryption.CustomerKeyFrom(context.Request, string.Empty, isRead: false);
        if (error is not null)
        {
            return (null, null, error);
        }

        var (key, keyError) = encryption.OpenForPart(upload, customer);
        return (key, customer, keyError);
    }
}

/// <summary>UploadPart: one part, streamed and verified like a PUT, encrypted under the upload's data key.</summary>
internal sealed class UploadPartHandler(ObjectService objects, BlobTransfer transfer, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.UploadPart;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (upload, partNumber, error) = await PartRequest.ResolveAsync(context, objects);
        if (error is not null)
        {
            return error;
        }

        var (key, customer, keyError) = PartRequest.OpenKey(context, encryption, upload!);
        if (keyError is not null)
        {
            return keyError;
        }

        var (blob, result) = await transfer.ReceiveAsync(context, key, upload!.ChecksumAlgorithm);
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
        if (!await objects.PutPartAsync(bucketId, part, context.Aborted))
        {
            return S3Error.NoSuchUpload.With("UploadId", upload.UploadId);
        }

        context.Response.Headers.ETag = S3Format.QuotedETag(part.ETag);
        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption, customer);
        if (upload.ChecksumAlgorithm is not null && part.ChecksumValue is not null)
        {
            context.Response.Headers[ChecksumAlgorithms.HeaderName(upload.ChecksumAlgorithm)] = part.ChecksumValue;
        }

        return await S3Responses.EmptyAsync(context);
    }
}

/// <summary>UploadPartCopy: a part from a range of an existing object, decrypted with its key and encrypted under the upload's.</summary>
internal sealed class UploadPartCopyHandler(ObjectService objects, BlobTransfer transfer, CopySource source, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.UploadPartCopy;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (upload, partNumber, error) = await PartRequest.ResolveAsync(context, objects);
        if (error is not null)
        {
            return error;
        }

        var (key, customer, keyError) = PartRequest.OpenKey(context, encryption, upload!);
        if (keyError is not null)
        {
            return keyError;
        }

        var (sourceBucket, sourceRecord, sourceError) = await source.ResolveAsync(context);
        if (sourceError is not null)
        {
            return sourceError;
        }

        var (sourceKey, sourceKeyError) = source.OpenKey(context, sourceRecord!);
        if (sourceKeyError is not null)
        {
            return sourceKeyError;
        }

        long offset = 0;
        var length = sourceRecord!.Size;
        var rangeHeader = context.Header("x-amz-copy-source-range");
        if (rangeHeader is not null)
        {
            var range = ByteRange.Parse(rangeHeader, long.MaxValue, out _);
            if (range is null || rangeHeader.EndsWith('-') || rangeHeader.Contains("=-", StringComparison.Ordinal))
            {
                return S3Error.InvalidArgument
                    .WithMessage("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
                    .With("ArgumentName", "x-amz-copy-source-range").With("ArgumentValue", rangeHeader);
            }

            // Unlike a GET's Range, a copy's range is not cut to the object: one past its end is refused.
            if (range.Value.End >= sourceRecord.Size)
            {
                return S3Error.InvalidArgument
                    .WithMessage($"Range specified is not valid for source object of size: {sourceRecord.Size.ToString(CultureInfo.InvariantCulture)}")
                    .With("ArgumentName", "x-amz-copy-source-range").With("ArgumentValue", rangeHeader);
            }

            offset = range.Value.Start;
            length = range.Value.Length;
        }

        var bucketId = context.Bucket.Id;
        // Parts stay files, whether the source object is a file or inline.
        var (blob, md5, checksum) = await transfer.CopyAsync(
            [BlobTransfer.RangeOf(sourceBucket!.Id, sourceRecord, offset, length, sourceKey)], bucketId, key, upload!.ChecksumAlgorithm, context.Aborted);
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
        if (!await objects.PutPartAsync(bucketId, part, context.Aborted))
        {
            return S3Error.NoSuchUpload.With("UploadId", upload.UploadId);
        }

        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption, customer);
        return await S3Responses.XmlAsync(context, (Part: part, upload.ChecksumAlgorithm), static (xml, copied) =>
        {
            xml.Root("CopyPartResult")
                .Element("LastModified", copied.Part.LastModified)
                .Element("ETag", S3Format.QuotedETag(copied.Part.ETag));
            if (copied.ChecksumAlgorithm is not null)
            {
                xml.Element("Checksum" + copied.ChecksumAlgorithm, copied.Part.ChecksumValue);
            }

            xml.Close("CopyPartResult");
        });
    }
}

/// <summary>AbortMultipartUpload: removes the upload and its parts.</summary>
internal sealed class AbortMultipartUploadHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.AbortMultipartUpload;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var uploadId = context.Query("uploadId")!;
        if (!await objects.AbortUploadAsync(context.Bucket.Id, context.Key, uploadId, context.Aborted))
        {
            return S3Error.NoSuchUpload.With("UploadId", uploadId);
        }

        return await S3Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
    }
}
