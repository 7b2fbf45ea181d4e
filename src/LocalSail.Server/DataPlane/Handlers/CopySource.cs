using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;
using LocalSail.Signing;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>The object named by x-amz-copy-source (<c>bucket/key[?versionId=v]</c>), checked like a read of it.</summary>
internal sealed class CopySource(IBucketDirectory buckets, ObjectService objects, ServerSideEncryption encryption)
{
    /// <summary>
    /// The data key to read the source with: an SSE-C source needs its key in the
    /// <c>x-amz-copy-source-server-side-encryption-customer-*</c> headers.
    /// </summary>
    public (DataKey? Key, S3Error? Error) OpenKey(S3RequestContext context, ObjectRecord source)
    {
        var (customer, error) = ServerSideEncryption.CustomerKeyFrom(context.Request, ServerSideEncryption.CopySourcePrefix, isRead: true);
        return error is not null ? (null, error) : encryption.OpenForRead(source.Encryption, customer);
    }

    public async Task<(BucketRecord? Bucket, ObjectRecord? Record, S3Error? Error)> ResolveAsync(S3RequestContext context)
    {
        var header = context.Header("x-amz-copy-source") ?? string.Empty;
        string? versionId = null;
        var question = header.IndexOf('?');
        if (question >= 0)
        {
            var query = header[(question + 1)..];
            header = header[..question];
            foreach (var pair in query.Split('&'))
            {
                if (pair.StartsWith("versionId=", StringComparison.Ordinal))
                {
                    versionId = UriEncoding.Decode(pair["versionId=".Length..]);
                }
            }
        }

        var path = UriEncoding.Decode(header).TrimStart('/');
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            return (null, null, S3Error.InvalidArgument.WithMessage("Copy Source must mention the source bucket and key: sourcebucket/sourcekey."));
        }

        var bucketName = path[..slash];
        var key = path[(slash + 1)..];
        var principal = context.Principal!;
        if (!principal.IsAccountRoot && principal.BucketName != bucketName)
        {
            return (null, null, S3Error.AccessDenied);
        }

        var bucket = await buckets.FindAsync(bucketName, context.Aborted);
        if (bucket is null)
        {
            return (null, null, S3Error.NoSuchBucket.With("BucketName", bucketName));
        }

        if (!ReadonlyAccess.MayRead(principal, bucket))
        {
            return (null, null, S3Error.AccessDenied);
        }

        var record = await objects.FindAsync(bucket.Id, key, versionId, context.Aborted);
        if (record is null || record.IsDeleteMarker)
        {
            return (bucket, null, versionId is null ? S3Error.NoSuchKey.With("Key", key) : S3Error.NoSuchVersion.With("Key", key));
        }

        var precondition = Preconditions.Evaluate(context.Request.Headers, record, isRead: false, prefix: "x-amz-copy-source-");
        return precondition is not null ? (bucket, record, precondition) : (bucket, record, null);
    }
}
