using LocalSail.Server.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LocalSail.Server.Tests.DataPlane;

public sealed class S3RequestClassifierTests
{
    private const string BaseHost = "s3.localhost.localsail.dev";

    [Theory]
    // Service
    [InlineData("GET", "127.0.0.1:4570", "/", "", false, nameof(S3Operation.ListBuckets), null, null)]
    [InlineData("PUT", "127.0.0.1:4570", "/", "", false, nameof(S3Operation.MethodNotAllowed), null, null)]
    [InlineData("GET", "s3.localhost.localsail.dev:4570", "/", "", false, nameof(S3Operation.ListBuckets), null, null)]
    // Bucket, path style
    [InlineData("GET", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.ListObjects), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b/", "", false, nameof(S3Operation.ListObjects), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?list-type=2&prefix=a%2F&delimiter=%2F", false, nameof(S3Operation.ListObjectsV2), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?encoding-type=url&max-keys=5&marker=x", false, nameof(S3Operation.ListObjects), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?location", false, nameof(S3Operation.GetBucketLocation), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?versioning", false, nameof(S3Operation.GetBucketVersioning), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?versions&prefix=p", false, nameof(S3Operation.ListObjectVersions), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?uploads", false, nameof(S3Operation.ListMultipartUploads), "b", null)]
    [InlineData("HEAD", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.HeadBucket), "b", null)]
    [InlineData("POST", "127.0.0.1:4570", "/b", "?delete", false, nameof(S3Operation.DeleteObjects), "b", null)]
    [InlineData("POST", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.PostObject), "b", null)]
    [InlineData("POST", "b.s3.localhost.localsail.dev", "/", "", false, nameof(S3Operation.PostObject), "b", null)]
    [InlineData("POST", "127.0.0.1:4570", "/b", "?website", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("PUT", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.CreateBucket), "b", null)]
    [InlineData("DELETE", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.DeleteBucket), "b", null)]
    [InlineData("PUT", "127.0.0.1:4570", "/b", "?versioning", false, nameof(S3Operation.PutBucketVersioning), "b", null)]
    [InlineData("DELETE", "127.0.0.1:4570", "/b", "?cors", false, nameof(S3Operation.DeleteBucketCors), "b", null)]
    [InlineData("PUT", "127.0.0.1:4570", "/b", "?cors", false, nameof(S3Operation.PutBucketCors), "b", null)]
    [InlineData("POST", "127.0.0.1:4570", "/b", "?cors", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("OPTIONS", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.CorsPreflight), "b", null)]
    [InlineData("OPTIONS", "127.0.0.1:4570", "/", "", false, nameof(S3Operation.MethodNotAllowed), null, null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?acl", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?cors", false, nameof(S3Operation.GetBucketCors), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?tagging", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?policy", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("GET", "127.0.0.1:4570", "/b", "?somethingnew", false, nameof(S3Operation.NotImplemented), "b", null)]
    [InlineData("PATCH", "127.0.0.1:4570", "/b", "", false, nameof(S3Operation.MethodNotAllowed), "b", null)]
    // Objects, path style
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "", false, nameof(S3Operation.GetObject), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/dir/file.txt", "?versionId=v1&x-id=GetObject", false, nameof(S3Operation.GetObject), "b", "dir/file.txt")]
    [InlineData("GET", "127.0.0.1:4570", "/b/a%20b%2Bc", "?response-content-type=text%2Fplain", false, nameof(S3Operation.GetObject), "b", "a b+c")]
    [InlineData("GET", "127.0.0.1:4570", "/b/a+b", "", false, nameof(S3Operation.GetObject), "b", "a+b")]
    [InlineData("GET", "127.0.0.1:4570", "/b/dir/", "", false, nameof(S3Operation.GetObject), "b", "dir/")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc", false, nameof(S3Operation.GetObject), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?uploadId=u", false, nameof(S3Operation.ListParts), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?tagging", false, nameof(S3Operation.GetObjectTagging), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?acl", false, nameof(S3Operation.GetObjectAcl), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?attributes", false, nameof(S3Operation.GetObjectAttributes), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?torrent", false, nameof(S3Operation.NotImplemented), "b", "k")]
    [InlineData("HEAD", "127.0.0.1:4570", "/b/k", "?partNumber=1", false, nameof(S3Operation.HeadObject), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "", false, nameof(S3Operation.PutObject), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?x-id=PutObject", false, nameof(S3Operation.PutObject), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "", true, nameof(S3Operation.CopyObject), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?partNumber=2&uploadId=u", false, nameof(S3Operation.UploadPart), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?partNumber=2&uploadId=u", true, nameof(S3Operation.UploadPartCopy), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?uploadId=u", false, nameof(S3Operation.NotImplemented), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?tagging", false, nameof(S3Operation.PutObjectTagging), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?acl", false, nameof(S3Operation.PutObjectAcl), "b", "k")]
    [InlineData("PUT", "127.0.0.1:4570", "/b/k", "?retention", false, nameof(S3Operation.NotImplemented), "b", "k")]
    [InlineData("POST", "127.0.0.1:4570", "/b/k", "?uploads", false, nameof(S3Operation.CreateMultipartUpload), "b", "k")]
    [InlineData("POST", "127.0.0.1:4570", "/b/k", "?uploadId=u", false, nameof(S3Operation.CompleteMultipartUpload), "b", "k")]
    [InlineData("POST", "127.0.0.1:4570", "/b/k", "?restore", false, nameof(S3Operation.NotImplemented), "b", "k")]
    [InlineData("POST", "127.0.0.1:4570", "/b/k", "", false, nameof(S3Operation.NotImplemented), "b", "k")]
    [InlineData("DELETE", "127.0.0.1:4570", "/b/k", "", false, nameof(S3Operation.DeleteObject), "b", "k")]
    [InlineData("DELETE", "127.0.0.1:4570", "/b/k", "?versionId=v", false, nameof(S3Operation.DeleteObject), "b", "k")]
    [InlineData("DELETE", "127.0.0.1:4570", "/b/k", "?uploadId=u", false, nameof(S3Operation.AbortMultipartUpload), "b", "k")]
    [InlineData("DELETE", "127.0.0.1:4570", "/b/k", "?tagging", false, nameof(S3Operation.DeleteObjectTagging), "b", "k")]
    [InlineData("OPTIONS", "127.0.0.1:4570", "/b/k", "", false, nameof(S3Operation.CorsPreflight), "b", "k")]
    [InlineData("OPTIONS", "127.0.0.1:4570", "/b/k", "?uploadId=u", false, nameof(S3Operation.CorsPreflight), "b", "k")]
    [InlineData("GET", "127.0.0.1:4570", "/b/k", "?cors", false, nameof(S3Operation.NotImplemented), "b", "k")]
    // Virtual-hosted style
    [InlineData("GET", "my-bucket.s3.localhost.localsail.dev:4570", "/", "?list-type=2", false, nameof(S3Operation.ListObjectsV2), "my-bucket", null)]
    [InlineData("GET", "My-Bucket.S3.LOCALHOST.localsail.dev", "/", "", false, nameof(S3Operation.ListObjects), "my-bucket", null)]
    [InlineData("PUT", "my-bucket.s3.localhost.localsail.dev:4570", "/dir/key.txt", "", false, nameof(S3Operation.PutObject), "my-bucket", "dir/key.txt")]
    [InlineData("GET", "dotted.name.s3.localhost.localsail.dev", "/k", "", false, nameof(S3Operation.GetObject), "dotted.name", "k")]
    [InlineData("HEAD", "my-bucket.s3.localhost.localsail.dev", "/", "", false, nameof(S3Operation.HeadBucket), "my-bucket", null)]
    [InlineData("GET", "my-bucket.s3.localhost.localsail.dev", "/my-bucket/k", "", false, nameof(S3Operation.GetObject), "my-bucket", "my-bucket/k")]
    // A host that is not under the base host is path style.
    [InlineData("GET", "other.example:4570", "/b/k", "", false, nameof(S3Operation.GetObject), "b", "k")]
    [InlineData("GET", "xs3.localhost.localsail.dev", "/b/k", "", false, nameof(S3Operation.GetObject), "b", "k")]
    [InlineData("GET", "[::1]:4570", "/b/k", "", false, nameof(S3Operation.GetObject), "b", "k")]
    public void Classifies(string method, string host, string rawPath, string query, bool copySource, string operationName, string? bucket, string? key)
    {
        var operation = Enum.Parse<S3Operation>(operationName);
        var route = S3RequestClassifier.Classify(method, host, rawPath, new QueryCollection(QueryHelpers.ParseQuery(query)), copySource, BaseHost);
        Assert.Equal((operation, bucket, key), (route.Operation, route.Bucket, route.Key));
    }

    [Fact]
    public void Virtual_hosted_flag_follows_the_host()
    {
        var empty = new QueryCollection();
        Assert.True(S3RequestClassifier.Classify("GET", "b.s3.localhost.localsail.dev", "/k", empty, false, BaseHost).VirtualHosted);
        Assert.False(S3RequestClassifier.Classify("GET", "127.0.0.1", "/b/k", empty, false, BaseHost).VirtualHosted);
    }
}
