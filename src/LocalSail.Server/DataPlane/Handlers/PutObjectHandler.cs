using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// PutObject: the body streams into a new blob, verified, or into memory when small enough to be kept inline;
/// then the object service commits the version (and checks If-Match / If-None-Match in that commit). The bytes are
/// stored encrypted under a new data key: the server's (SSE-S3) or the customer's (SSE-C).
/// </summary>
internal sealed class PutObjectHandler(ObjectService objects, BlobTransfer transfer, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var request = context.Request;
        var bucket = context.Bucket;
        var (acl, tags, settingsError) = ObjectHeaders.NewObjectSettingsFrom(request);
        if (settingsError is not null)
        {
            return settingsError;
        }

        var (customer, encryptionError) = ServerSideEncryption.ForWrite(request);
        if (encryptionError is not null)
        {
            return encryptionError;
        }

        var conditions = ObjectHeaders.WriteConditionsFrom(request);
        if (!conditions.IsEmpty)
        {
            // Refused now when it would be refused at the commit: the body need not be received.
            var check = await objects.CheckConditionsAsync(bucket.Id, context.Key, conditions, context.Aborted);
            if (!check.Written)
            {
                return Refusal(check);
            }
        }

        var (sealedWith, key) = encryption.NewKey(customer, ServerSideEncryption.Requested(request));
        var (blob, inlineData, result) = await transfer.ReceiveObjectAsync(context, key);
        if (result.Error is not null)
        {
            return result.Error;
        }

        var (spec, _) = PayloadSpec.FromRequest(request, context.Signed);
        var version = new ObjectRecord
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
            Encryption = sealedWith,
        };

        var written = await objects.PutAsync(bucket.Versioning, version, conditions, context.Aborted);
        if (!written.Written)
        {
            return Refusal(written);
        }

        var response = context.Response;
        response.Headers.ETag = S3Format.QuotedETag(version.ETag);
        ObjectHeaders.WriteVersionId(response, written.Version!, bucket);
        ServerSideEncryption.WriteHeaders(response, sealedWith, customer);
        if (version.ChecksumAlgorithm is not null)
        {
            response.Headers[ChecksumAlgorithms.HeaderName(version.ChecksumAlgorithm)] = version.ChecksumValue;
            response.Headers["x-amz-checksum-type"] = "FULL_OBJECT";
        }

        return await S3Responses.EmptyAsync(context);
    }

    /// <summary>What a write refused for its conditions answers: NoSuchKey when If-Match found no object, else PreconditionFailed.</summary>
    public static S3Error Refusal(VersionWrite refused) => refused.Status == WriteStatus.NoSuchKey
        ? S3Error.NoSuchKey
        : S3Error.PreconditionFailed.With("Condition", refused.FailedCondition!);
}
