namespace LocalSail.Server.DataPlane;

/// <summary>The S3 operations the endpoint tells apart. Each but the refusals has one handler.</summary>
internal enum S3Operation
{
    /// <summary>A subresource or method LocalSail does not serve (501).</summary>
    NotImplemented,

    /// <summary>A method S3 does not allow on the resource (405).</summary>
    MethodNotAllowed,

    ListBuckets,

    /// <summary>S3's CreateBucket (<c>aws s3 mb</c>): buckets are made with the Lightsail API, and the answer says so.</summary>
    CreateBucket,

    /// <summary>S3's DeleteBucket (<c>aws s3 rb</c>): buckets are deleted with the Lightsail API, and the answer says so.</summary>
    DeleteBucket,
    HeadBucket,
    GetBucketLocation,
    GetBucketVersioning,

    /// <summary>Sets the same versioning as Lightsail's UpdateBucket; the account's root key only.</summary>
    PutBucketVersioning,
    ListObjects,
    ListObjectsV2,
    ListObjectVersions,
    ListMultipartUploads,
    DeleteObjects,
    PutObject,
    CopyObject,
    GetObject,
    HeadObject,
    GetObjectAttributes,
    DeleteObject,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    GetObjectTagging,
    PutObjectTagging,
    DeleteObjectTagging,
    GetObjectAcl,
    PutObjectAcl,

    /// <summary>A browser's CORS preflight (<c>OPTIONS</c> on a bucket or an object), answered without credentials.</summary>
    CorsPreflight,
    GetBucketCors,
    PutBucketCors,
    DeleteBucketCors,
    /// <summary>POST Object: a browser's form upload to the bucket, authorized by a signed POST policy in the form.</summary>
    PostObject,
}

/// <summary>What a request asks for: the operation, and the bucket and key it names (still URL-decoded).</summary>
internal readonly record struct S3Route(S3Operation Operation, string? Bucket, string? Key, bool VirtualHosted);
