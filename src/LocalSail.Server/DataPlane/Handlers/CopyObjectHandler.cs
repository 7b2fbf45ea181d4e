using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// CopyObject: the source's bytes into a new blob (or inline, when small), decrypted with the source's key and encrypted
/// under a new one (the customer's when the request carries SSE-C headers); metadata and tags copied or replaced as
/// the directives say.
/// </summary>
internal sealed class CopyObjectHandler(CopySource source, ObjectService objects, BlobTransfer transfer, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.CopyObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var request = context.Request;
        var (sourceBucket, sourceRecord, error) = await source.ResolveAsync(context);
        if (error is not null)
        {
            return error;
        }

        var (sourceKey, sourceKeyError) = source.OpenKey(context, sourceRecord!);
        var (customer, encryptionError) = ServerSideEncryption.ForWrite(request);
        if ((sourceKeyError ?? encryptionError) is { } keyError)
        {
            return keyError;
        }

        var metadataDirective = context.Header("x-amz-metadata-directive") ?? "COPY";
        var taggingDirective = context.Header("x-amz-tagging-directive") ?? "COPY";
        if (metadataDirective is not ("COPY" or "REPLACE") || taggingDirective is not ("COPY" or "REPLACE"))
        {
            return S3Error.InvalidArgument.WithMessage("Unknown metadata or tagging directive.");
        }

        var acl = ObjectHeaders.AclFromRequest(request);
        if (acl is null)
        {
            return S3Error.InvalidArgument.WithMessage("x-amz-acl is not a canned ACL.");
        }

        var tags = taggingDirective == "REPLACE" ? ObjectHeaders.TagsFromRequest(request) : sourceRecord!.Tags;
        if (tags is null)
        {
            return S3Error.InvalidTag;
        }

        var bucket = context.Bucket;
        var checksumAlgorithm = ChecksumAlgorithms.Normalize(context.Header("x-amz-checksum-algorithm")) ?? sourceRecord!.ChecksumAlgorithm;
        var sameObject = sourceBucket!.Id == bucket.Id && sourceRecord!.Key == context.Key;
        if (sameObject && metadataDirective == "COPY" && taggingDirective == "COPY" && checksumAlgorithm == sourceRecord!.ChecksumAlgorithm
            && !request.Headers.ContainsKey("x-amz-acl") && !request.Headers.ContainsKey("x-amz-storage-class")
            && !request.Headers.ContainsKey(ServerSideEncryption.Header) && customer is null && sourceRecord.Encryption?.IsCustomerKey != true)
        {
            return S3Error.InvalidRequest.WithMessage(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        // A copy small enough is kept inline, whatever the source's storage.
        var (sealedWith, key) = encryption.NewKey(customer, ServerSideEncryption.Requested(request));
        var sourceRange = BlobTransfer.RangeOf(sourceBucket.Id, sourceRecord!, 0, sourceRecord!.Size, sourceKey);
        string? blob = null;
        byte[]? inlineData = null;
        byte[] md5;
        string? checksum;
        if (sourceRecord.Size <= BlobTransfer.MaxInlineBytes)
        {
            (inlineData, md5, checksum) = await transfer.CopyInlineAsync(sourceRange, key, checksumAlgorithm, context.Aborted);
        }
        else
        {
            (blob, md5, checksum) = await transfer.CopyAsync([sourceRange], bucket.Id, key, checksumAlgorithm, context.Aborted);
        }

        var version = new ObjectRecord
        {
            BucketId = bucket.Id,
            Key = context.Key,
            Size = sourceRecord.Size,
            ETag = Convert.ToHexStringLower(md5),
            LastModified = context.Now,
            Blob = blob,
            InlineData = inlineData,
            Headers = metadataDirective == "REPLACE" ? ObjectHeaders.FromRequest(request) : sourceRecord.Headers,
            Acl = acl,
            Tags = tags,
            ChecksumAlgorithm = checksumAlgorithm,
            ChecksumValue = checksum,
            ChecksumType = checksum is null ? null : "FULL_OBJECT",
            Encryption = sealedWith,
        };

        var written = await objects.PutAsync(bucket.Versioning, version, WriteConditions.None, context.Aborted);
        ObjectHeaders.WriteVersionId(context.Response, written.Version!, bucket);
        ServerSideEncryption.WriteHeaders(context.Response, sealedWith, customer);
        if (sourceRecord.IsVersioned)
        {
            context.Response.Headers["x-amz-copy-source-version-id"] = sourceRecord.VersionId;
        }

        return await S3Responses.XmlAsync(context, version, static (xml, copy) =>
        {
            xml.Root("CopyObjectResult")
                .Element("LastModified", copy.LastModified)
                .Element("ETag", S3Format.QuotedETag(copy.ETag));
            if (copy.ChecksumAlgorithm is not null)
            {
                xml.Element("ChecksumType", "FULL_OBJECT").Element("Checksum" + copy.ChecksumAlgorithm, copy.ChecksumValue);
            }

            xml.Close("CopyObjectResult");
        });
    }
}
