using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// PutObject: the body streams to a temporary file, verified, renamed into place, then the metadata commits.
/// A small body is received into memory and committed inline with the metadata, in one transaction.
/// </summary>
public sealed class PutObjectHandler(IObjectMetadataStore metadata, BlobTransfer transfer) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var request = context.Request;
        var bucket = context.Bucket;
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

        if (request.Headers.ContainsKey("If-Match") || request.Headers.ContainsKey("If-None-Match"))
        {
            var error = await CheckConditionalWriteAsync(context);
            if (error is not null)
            {
                return error;
            }
        }

        var (blob, inlineData, result) = await transfer.ReceiveObjectAsync(context);
        if (result.Error is not null)
        {
            return result.Error;
        }

        var (spec, _) = PayloadSpec.FromRequest(request, context.Signed);
        var record = new ObjectRecord
        {
            BucketId = bucket.Id,
            Key = context.Key,
            Size = result.Length,
            ETag = result.Md5Hex,
            LastModified = context.Now,
            Blob = blob,
            InlineData = inlineData,
            Headers = ObjectHeaders.FromRequest(request),
            Acl = acl,
            Tags = tags,
            ChecksumAlgorithm = result.ChecksumValue is null ? null : spec!.ChecksumAlgorithm,
            ChecksumValue = result.ChecksumValue,
            ChecksumType = result.ChecksumValue is null ? null : "FULL_OBJECT",
        };

        var written = await transfer.CommitObjectAsync(metadata, record, ObjectHeaders.Versioning(bucket), context.Aborted);
        var response = context.Response;
        response.Headers.ETag = S3Format.QuotedETag(record.ETag);
        ObjectHeaders.WriteVersionId(response, written.Record, bucket);
        if (record.ChecksumAlgorithm is not null)
        {
            response.Headers[ChecksumAlgorithms.HeaderName(record.ChecksumAlgorithm)] = record.ChecksumValue;
            response.Headers["x-amz-checksum-type"] = "FULL_OBJECT";
        }

        return await S3Responses.EmptyAsync(context);
    }

    private async Task<S3Error?> CheckConditionalWriteAsync(S3RequestContext context)
    {
        var current = await metadata.GetAsync(context.Bucket.Id, context.Key, null, context.Aborted);
        var exists = current is { IsDeleteMarker: false };
        var ifNoneMatch = context.Header("If-None-Match");
        if (ifNoneMatch is not null && exists && (ifNoneMatch.Trim() == "*" || S3Format.UnquoteETag(ifNoneMatch) == current!.ETag))
        {
            return S3Error.PreconditionFailed.With("Condition", "If-None-Match");
        }

        var ifMatch = context.Header("If-Match");
        if (ifMatch is not null)
        {
            if (!exists)
            {
                return S3Error.NoSuchKey;
            }

            if (ifMatch.Trim() != "*" && S3Format.UnquoteETag(ifMatch) != current!.ETag)
            {
                return S3Error.PreconditionFailed.With("Condition", "If-Match");
            }
        }

        return null;
    }
}
