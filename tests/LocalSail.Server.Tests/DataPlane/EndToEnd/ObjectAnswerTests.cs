using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// S3's own answers: conditional DeleteObject, GetObjectAttributes, Content-MD5 refused as BadDigest or InvalidDigest,
/// and S3's PutBucketVersioning setting Lightsail's versioning.
/// </summary>
public sealed class ObjectAnswerTests() : S3BucketTests("answers")
{
    [Fact]
    public async Task DeleteObject_with_If_Match_deletes_only_the_version_it_names()
    {
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "guarded", ContentBody = "keep me" });

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.DeleteObjectAsync(new DeleteObjectRequest
        {
            BucketName = Bucket,
            Key = "guarded",
            IfMatch = "\"0123456789abcdef0123456789abcdef\"",
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("PreconditionFailed", refused.ErrorCode);
        Assert.Equal(7, (await S3.GetObjectMetadataAsync(Bucket, "guarded")).ContentLength);

        var deleted = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = "guarded", IfMatch = put.ETag });
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal("NotFound", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(Bucket, "guarded"))).ErrorCode);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = "guarded", IfMatch = put.ETag }));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
    }

    [Fact]
    public async Task DeleteObject_with_last_modified_time_and_size_conditions()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "sized", ContentBody = "12345" });
        var head = await S3.GetObjectMetadataAsync(Bucket, "sized");
        var url = $"{Server.EndpointUrl}/{Bucket}/sized";

        var wrongSize = await Raw.SendAsync(HttpMethod.Delete, url, AccessKey, headers: new Dictionary<string, string> { ["x-amz-if-match-size"] = "6" });
        Assert.Equal(412, wrongSize.Status);
        var earlier = head.LastModified!.Value.ToUniversalTime().AddSeconds(-10).ToString("R");
        var wrongTime = await Raw.SendAsync(HttpMethod.Delete, url, AccessKey, headers: new Dictionary<string, string> { ["x-amz-if-match-last-modified-time"] = earlier });
        Assert.Equal(412, wrongTime.Status);
        var notASize = await Raw.SendAsync(HttpMethod.Delete, url, AccessKey, headers: new Dictionary<string, string> { ["x-amz-if-match-size"] = "five" });
        Assert.Equal("InvalidArgument", notASize.ErrorCode);
        Assert.Equal(5, (await S3.GetObjectMetadataAsync(Bucket, "sized")).ContentLength);

        var matching = await Raw.SendAsync(HttpMethod.Delete, url, AccessKey, headers: new Dictionary<string, string>
        {
            ["x-amz-if-match-size"] = "5",
            ["x-amz-if-match-last-modified-time"] = head.LastModified!.Value.ToUniversalTime().ToString("R"),
        });
        Assert.Equal(204, matching.Status);
    }

    [Fact]
    public async Task GetObjectAttributes_answers_what_is_asked_for()
    {
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "attributed", ContentBody = "attributes", ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });
        var attributes = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = Bucket,
            Key = "attributed",
            ObjectAttributes = [ObjectAttributes.ETag, ObjectAttributes.Checksum, ObjectAttributes.StorageClass, ObjectAttributes.ObjectSize],
        });
        Assert.Equal(put.ETag.Trim('"'), attributes.ETag.Trim('"'));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("attributes"))), attributes.Checksum.ChecksumSHA256);
        Assert.Equal(S3StorageClass.Standard, attributes.StorageClass);
        Assert.Equal(10, attributes.ObjectSize);
        Assert.NotNull(attributes.LastModified);

        const int partSize = 5 * 1024 * 1024;
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "parted", [new byte[partSize], new byte[partSize], new byte[7]]);
        await upload.CompleteAsync();
        var parts = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = Bucket,
            Key = "parted",
            ObjectAttributes = [ObjectAttributes.ObjectParts, ObjectAttributes.ObjectSize],
            MaxParts = 2,
        });
        Assert.Equal(3, parts.ObjectParts.TotalPartsCount);
        Assert.True(parts.ObjectParts.IsTruncated);
        Assert.Equal([1, 2], parts.ObjectParts.Parts.Select(p => p.PartNumber ?? 0).ToArray());
        Assert.Equal(2L * partSize + 7, parts.ObjectSize);
        Assert.Null(parts.ETag);
        var rest = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = Bucket,
            Key = "parted",
            ObjectAttributes = [ObjectAttributes.ObjectParts],
            PartNumberMarker = parts.ObjectParts.NextPartNumberMarker,
        });
        Assert.Equal(7, Assert.Single(rest.ObjectParts.Parts).Size);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = Bucket,
            Key = "absent",
            ObjectAttributes = [ObjectAttributes.ETag],
        }));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        var none = await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}/attributed?attributes", AccessKey);
        Assert.Equal("InvalidRequest", none.ErrorCode);
    }

    [Theory]
    [InlineData("PUT", "md5/object", "")]
    [InlineData("PUT", "md5/object", "tagging")]
    [InlineData("POST", "", "delete")]
    public async Task A_wrong_Content_MD5_is_BadDigest_and_a_malformed_one_InvalidDigest(string method, string key, string subresource)
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "md5/object", ContentBody = "x" });
        var body = Encoding.UTF8.GetBytes(subresource switch
        {
            "tagging" => "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>",
            "delete" => "<Delete><Object><Key>md5/object</Key></Object></Delete>",
            _ => "object bytes",
        });
        var url = $"{Server.EndpointUrl}/{Bucket}/{key}" + (subresource.Length > 0 ? "?" + subresource : string.Empty);
        var wrong = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes("other bytes")));
        var refused = await Raw.SendAsync(new HttpMethod(method), url, AccessKey, body, new Dictionary<string, string> { ["Content-MD5"] = wrong });
        Assert.Equal((400, "BadDigest"), (refused.Status, refused.ErrorCode));
        foreach (var malformed in new[] { "not base64!", Convert.ToBase64String(new byte[8]) })
        {
            var invalid = await Raw.SendAsync(new HttpMethod(method), url, AccessKey, body, new Dictionary<string, string> { ["Content-MD5"] = malformed });
            Assert.Equal((400, "InvalidDigest"), (invalid.Status, invalid.ErrorCode));
        }

        // Nothing was changed by the refusals; the right digest is accepted.
        using (var kept = await S3.GetObjectAsync(Bucket, "md5/object"))
        {
            Assert.Equal("x", await new StreamReader(kept.ResponseStream).ReadToEndAsync());
        }

        Assert.Empty((await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "md5/object" })).Tagging ?? []);
        var right = await Raw.SendAsync(new HttpMethod(method), url, AccessKey, body, new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData(body)) });
        Assert.Equal(200, right.Status);
    }

    [Fact]
    public async Task A_wrong_Content_MD5_on_a_part_is_BadDigest()
    {
        var create = await S3.InitiateMultipartUploadAsync(Bucket, "md5/parted");
        var url = $"{Server.EndpointUrl}/{Bucket}/md5/parted?partNumber=1&uploadId={create.UploadId}";
        var body = Encoding.UTF8.GetBytes("part bytes");
        var refused = await Raw.SendAsync(HttpMethod.Put, url, AccessKey, body, new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(new byte[16]) });
        Assert.Equal("BadDigest", refused.ErrorCode);
        var invalid = await Raw.SendAsync(HttpMethod.Put, url, AccessKey, body, new Dictionary<string, string> { ["Content-MD5"] = "%%%" });
        Assert.Equal("InvalidDigest", invalid.ErrorCode);
        Assert.Empty((await S3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = "md5/parted", UploadId = create.UploadId })).Parts ?? []);
    }

    [Fact]
    public async Task S3_PutBucketVersioning_with_the_root_key_sets_Lightsail_versioning()
    {
        using var root = Server.RootS3Client();
        var denied = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = Bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal("NeverEnabled", await LightsailVersioningAsync());

        // Suspending a bucket that never had versioning leaves it so, as through Lightsail.
        await root.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = Bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Suspended },
        });
        Assert.Equal("NeverEnabled", await LightsailVersioningAsync());

        await root.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = Bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        Assert.Equal("Enabled", await LightsailVersioningAsync());
        Assert.Equal(VersionStatus.Enabled, (await S3.GetBucketVersioningAsync(Bucket)).VersioningConfig.Status);
        var first = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "versioned", ContentBody = "1" });
        Assert.NotEqual("null", first.VersionId);

        await root.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = Bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Suspended },
        });
        Assert.Equal("Suspended", await LightsailVersioningAsync());
        Assert.Equal(VersionStatus.Suspended, (await S3.GetBucketVersioningAsync(Bucket)).VersioningConfig.Status);
        var second = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "versioned", ContentBody = "2" });
        Assert.Equal("null", second.VersionId);
    }

    private async Task<string> LightsailVersioningAsync()
    {
        var reply = await Server.Lightsail.CallOkAsync("GetBuckets", $$"""{"bucketName":"{{Bucket}}"}""");
        return reply.GetProperty("buckets")[0].GetProperty("objectVersioning").GetString()!;
    }
}
