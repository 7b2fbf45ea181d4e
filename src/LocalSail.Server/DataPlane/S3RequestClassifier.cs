using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// Decides which S3 operation a request is, from its method, host, raw path, query and whether it
/// carries <c>x-amz-copy-source</c>. Pure: no I/O, no state.
/// </summary>
internal static class S3RequestClassifier
{
    // Subresources of S3 that LocalSail does not serve: answered with NotImplemented.
    private static readonly HashSet<string> UnservedSubresources = new(StringComparer.Ordinal)
    {
        "accelerate", "analytics", "cors", "encryption", "intelligent-tiering", "inventory", "legal-hold",
        "lifecycle", "logging", "metadataTable", "metrics", "notification", "object-lock", "ownershipControls", "policy",
        "policyStatus", "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "torrent",
        "website", "session", "renameObject",
    };

    // Parameters that are not subresources: they qualify an operation rather than name one.
    private static readonly HashSet<string> Parameters = new(StringComparer.Ordinal)
    {
        "prefix", "delimiter", "marker", "max-keys", "encoding-type", "list-type", "continuation-token", "fetch-owner",
        "start-after", "key-marker", "version-id-marker", "upload-id-marker", "max-uploads", "max-parts",
        "part-number-marker", "versionId", "partNumber", "uploadId", "x-id", "response-content-type",
        "response-content-language", "response-expires", "response-cache-control", "response-content-disposition",
        "response-content-encoding", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Content-Sha256", "x-amz-checksum-mode",
        "optional-object-attributes", "bucket-region", "max-buckets",
    };

    /// <summary>
    /// Classifies a request. <paramref name="host"/> is the Host header (port allowed), <paramref name="rawPath"/>
    /// the path as sent (percent-encoded), <paramref name="baseHost"/> the virtual-host base (e.g. s3.localhost.localsail.dev).
    /// </summary>
    public static S3Route Classify(string method, string host, string rawPath, IQueryCollection query, bool hasCopySource, string baseHost)
    {
        string? bucket = null;
        var virtualHosted = false;
        var hostName = StripPort(host);
        if (baseHost.Length > 0 && hostName.Length > baseHost.Length + 1
            && hostName.EndsWith(baseHost, StringComparison.OrdinalIgnoreCase)
            && hostName[hostName.Length - baseHost.Length - 1] == '.')
        {
            bucket = hostName[..(hostName.Length - baseHost.Length - 1)].ToLowerInvariant();
            virtualHosted = true;
        }

        var path = rawPath.Length > 0 && rawPath[0] == '/' ? rawPath[1..] : rawPath;
        string? key;
        if (virtualHosted)
        {
            key = path.Length == 0 ? null : UriEncoding.Decode(path);
        }
        else
        {
            var slash = path.IndexOf('/');
            var bucketPart = slash < 0 ? path : path[..slash];
            bucket = bucketPart.Length == 0 ? null : UriEncoding.Decode(bucketPart);
            key = slash < 0 || slash == path.Length - 1 ? null : UriEncoding.Decode(path[(slash + 1)..]);
        }

        var operation = bucket is null
            ? ClassifyService(method)
            : key is null
                ? ClassifyBucket(method, query)
                : ClassifyObject(method, query, hasCopySource);
        return new S3Route(operation, bucket, key, virtualHosted);
    }

    private static S3Operation ClassifyService(string method) =>
        HttpMethods.IsGet(method) ? S3Operation.ListBuckets : S3Operation.MethodNotAllowed;

    private static S3Operation ClassifyBucket(string method, IQueryCollection query)
    {
        if (HttpMethods.IsOptions(method))
        {
            return S3Operation.CorsPreflight;
        }

        if (query.ContainsKey("cors"))
        {
            if (HttpMethods.IsGet(method))
            {
                return S3Operation.GetBucketCors;
            }

            if (HttpMethods.IsPut(method))
            {
                return S3Operation.PutBucketCors;
            }

            if (HttpMethods.IsDelete(method))
            {
                return S3Operation.DeleteBucketCors;
            }
        }

        if (HttpMethods.IsGet(method))
        {
            if (query.ContainsKey("location"))
            {
                return S3Operation.GetBucketLocation;
            }

            if (query.ContainsKey("versioning"))
            {
                return S3Operation.GetBucketVersioning;
            }

            if (query.ContainsKey("versions"))
            {
                return S3Operation.ListObjectVersions;
            }

            if (query.ContainsKey("uploads"))
            {
                return S3Operation.ListMultipartUploads;
            }

            if (HasUnknownSubresource(query))
            {
                return S3Operation.NotImplemented;
            }

            return query["list-type"] == "2" ? S3Operation.ListObjectsV2 : S3Operation.ListObjects;
        }

        if (HttpMethods.IsHead(method))
        {
            return S3Operation.HeadBucket;
        }

        if (HttpMethods.IsPost(method))
        {
            if (query.ContainsKey("delete"))
            {
                return S3Operation.DeleteObjects;
            }

            return query.Count > 0 && HasUnknownSubresource(query) ? S3Operation.NotImplemented : S3Operation.PostObject;
        }

        if (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method))
        {
            if (HttpMethods.IsPut(method) && query.ContainsKey("versioning"))
            {
                return S3Operation.PutBucketVersioning;
            }

            // Buckets are created, configured and deleted through the Lightsail API; S3's CreateBucket and
            // DeleteBucket are told apart only to say so.
            if (query.Count > 0 && HasUnknownSubresource(query))
            {
                return S3Operation.NotImplemented;
            }

            return HttpMethods.IsPut(method) ? S3Operation.CreateBucket : S3Operation.DeleteBucket;
        }

        return S3Operation.MethodNotAllowed;
    }

    private static S3Operation ClassifyObject(string method, IQueryCollection query, bool hasCopySource)
    {
        var hasUploadId = query.ContainsKey("uploadId");
        if (HttpMethods.IsOptions(method))
        {
            return S3Operation.CorsPreflight;
        }

        if (HttpMethods.IsGet(method))
        {
            if (hasUploadId)
            {
                return S3Operation.ListParts;
            }

            if (query.ContainsKey("tagging"))
            {
                return S3Operation.GetObjectTagging;
            }

            if (query.ContainsKey("acl"))
            {
                return S3Operation.GetObjectAcl;
            }

            if (query.ContainsKey("attributes"))
            {
                return S3Operation.GetObjectAttributes;
            }

            return HasUnknownSubresource(query) ? S3Operation.NotImplemented : S3Operation.GetObject;
        }

        if (HttpMethods.IsHead(method))
        {
            return HasUnknownSubresource(query) ? S3Operation.NotImplemented : S3Operation.HeadObject;
        }

        if (HttpMethods.IsPut(method))
        {
            if (hasUploadId && query.ContainsKey("partNumber"))
            {
                return hasCopySource ? S3Operation.UploadPartCopy : S3Operation.UploadPart;
            }

            if (query.ContainsKey("tagging"))
            {
                return S3Operation.PutObjectTagging;
            }

            if (query.ContainsKey("acl"))
            {
                return S3Operation.PutObjectAcl;
            }

            if (hasUploadId || HasUnknownSubresource(query))
            {
                return S3Operation.NotImplemented;
            }

            return hasCopySource ? S3Operation.CopyObject : S3Operation.PutObject;
        }

        if (HttpMethods.IsPost(method))
        {
            if (query.ContainsKey("uploads"))
            {
                return S3Operation.CreateMultipartUpload;
            }

            return hasUploadId ? S3Operation.CompleteMultipartUpload : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsDelete(method))
        {
            if (hasUploadId)
            {
                return S3Operation.AbortMultipartUpload;
            }

            if (query.ContainsKey("tagging"))
            {
                return S3Operation.DeleteObjectTagging;
            }

            return HasUnknownSubresource(query) ? S3Operation.NotImplemented : S3Operation.DeleteObject;
        }

        return S3Operation.MethodNotAllowed;
    }

    /// <summary>
    /// A subresource S3 has and LocalSail does not serve, or any other value-less query name that is not a
    /// parameter (callers test the subresources they serve first).
    /// </summary>
    private static bool HasUnknownSubresource(IQueryCollection query)
    {
        foreach (var (name, value) in query)
        {
            if (UnservedSubresources.Contains(name))
            {
                return true;
            }

            if (!Parameters.Contains(name) && string.IsNullOrEmpty(value.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
