using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.Objects;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// AWSSDK.S3 against encryption at rest: every object is SSE-S3 and says so; SSE-C objects need their key to be read,
/// headed or copied (missing key 400, wrong key 403), in single PUTs, copies and multipart uploads; the bytes on disk
/// (files and inline rows) are not the plaintext; objects stored before encryption still read.
/// </summary>
public sealed class ServerSideEncryptionTests() : S3BucketTests("sse")
{
    private static readonly byte[] CustomerKeyBytes = Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray();
    private static readonly byte[] OtherKeyBytes = Enumerable.Repeat((byte)0x5a, 32).ToArray();

    private static string Key(byte[] key) => Convert.ToBase64String(key);

    private static string Md5(byte[] key) => Convert.ToBase64String(MD5.HashData(key));

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private PutObjectRequest CustomerPut(string key, byte[] data) => new()
    {
        BucketName = Bucket,
        Key = key,
        InputStream = new MemoryStream(data),
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
        ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
    };

    private GetObjectRequest CustomerGet(string key, byte[]? customerKey = null, ByteRange? range = null) => new()
    {
        BucketName = Bucket,
        Key = key,
        ByteRange = range,
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = Key(customerKey ?? CustomerKeyBytes),
        ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(customerKey ?? CustomerKeyBytes),
    };

    private static async Task<byte[]> ReadAsync(GetObjectResponse response)
    {
        using (response)
        {
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Every_new_object_is_SSE_S3_and_says_so()
    {
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "plain.txt", ContentBody = "hello" });
        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);

        using var get = await S3.GetObjectAsync(Bucket, "plain.txt");
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        var head = await S3.GetObjectMetadataAsync(Bucket, "plain.txt");
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);

        var named = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "named.txt", ContentBody = "x", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        Assert.Equal(ServerSideEncryptionMethod.AES256, named.ServerSideEncryptionMethod);

        var kms = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = "kms.txt",
            ContentBody = "x",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
        }));
        Assert.Equal("NotImplemented", kms.ErrorCode);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(300_000)]
    public async Task The_bytes_on_disk_are_not_the_plaintext(int length)
    {
        // Text that a scan can find: a marker, then random bytes.
        var marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-" + Guid.NewGuid().ToString("N"));
        var data = marker.Concat(Bytes(length - marker.Length, length)).ToArray();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "secret.bin", InputStream = new MemoryStream(data) });
        await S3.PutObjectAsync(CustomerPut("secret-c.bin", data));

        Assert.Equal(data, await ReadAsync(await S3.GetObjectAsync(Bucket, "secret.bin")));
        var stored = Directory.GetFiles(Server.Server.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("secret.key", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(stored, f => f.EndsWith("localsail.db", StringComparison.Ordinal));
        foreach (var file in stored)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(marker) < 0, $"{Path.GetFileName(file)} holds the plaintext");
            Assert.True(bytes.AsSpan().IndexOf(data.AsSpan(marker.Length, 32)) < 0, $"{Path.GetFileName(file)} holds the plaintext");
        }
    }

    [Fact]
    public async Task With_encryption_off_by_default_new_objects_are_stored_as_sent_unless_a_request_asks()
    {
        await using var server = await S3TestServer.StartAsync(options => options.EncryptObjects = false);
        var bucket = await server.CreateBucketAsync("sse-off");
        using var s3 = server.S3Client(await server.CreateKeyAsync(bucket));
        var marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-" + Guid.NewGuid().ToString("N"));
        var small = marker.Concat(Bytes(1000, 1)).ToArray();
        var large = marker.Concat(Bytes(300_000, 2)).ToArray();

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small.bin", InputStream = new MemoryStream(small) });
        Assert.Null(put.ServerSideEncryptionMethod?.Value);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "large.bin", InputStream = new MemoryStream(large) });
        var asked = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "asked.bin",
            InputStream = new MemoryStream(large.Reverse().ToArray()),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        Assert.Equal(ServerSideEncryptionMethod.AES256, asked.ServerSideEncryptionMethod);

        using (var get = await s3.GetObjectAsync(bucket, "small.bin"))
        {
            Assert.Null(get.ServerSideEncryptionMethod?.Value);
        }

        Assert.Equal(small, await ReadAsync(await s3.GetObjectAsync(bucket, "small.bin")));
        Assert.Equal(large, await ReadAsync(await s3.GetObjectAsync(bucket, "large.bin")));
        Assert.Equal(large.Reverse().ToArray(), await ReadAsync(await s3.GetObjectAsync(bucket, "asked.bin")));
        Assert.Equal(ServerSideEncryptionMethod.AES256, (await s3.GetObjectMetadataAsync(bucket, "asked.bin")).ServerSideEncryptionMethod);

        // The plaintext is on disk as sent (inline in the database and in a blob file); the object that asked is not.
        var files = Directory.GetFiles(server.Server.DataDirectory, "*", SearchOption.AllDirectories);
        var contents = await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(f)));
        Assert.Contains(contents, bytes => bytes.AsSpan().IndexOf(small.AsSpan(marker.Length, 32)) >= 0);
        Assert.Contains(contents, bytes => bytes.AsSpan().IndexOf(large.AsSpan(marker.Length, 32)) >= 0);
        var reversed = large.Reverse().ToArray();
        Assert.DoesNotContain(contents, bytes => bytes.AsSpan().IndexOf(reversed.AsSpan(0, 32)) >= 0);

        // A customer's key is honoured whatever the default.
        var customer = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "c.bin",
            InputStream = new MemoryStream(small),
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });
        Assert.Equal(Md5(CustomerKeyBytes), customer.ServerSideEncryptionCustomerProvidedKeyMD5);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "c.bin"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(200_000)]
    public async Task An_SSE_C_object_needs_its_key_to_be_read_or_headed(int length)
    {
        var data = Bytes(length, 11);
        var put = await S3.PutObjectAsync(CustomerPut("c.bin", data));
        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, put.ServerSideEncryptionCustomerMethod);
        Assert.Equal(Md5(CustomerKeyBytes), put.ServerSideEncryptionCustomerProvidedKeyMD5);
        Assert.NotEqual("AES256", put.ServerSideEncryptionMethod?.Value);

        using (var get = await S3.GetObjectAsync(CustomerGet("c.bin")))
        {
            Assert.Equal(Md5(CustomerKeyBytes), get.ServerSideEncryptionCustomerProvidedKeyMD5);
        }

        Assert.Equal(data, await ReadAsync(await S3.GetObjectAsync(CustomerGet("c.bin"))));
        Assert.Equal(data.AsSpan(3, 2).ToArray(), await ReadAsync(await S3.GetObjectAsync(CustomerGet("c.bin", range: new ByteRange(3, 4)))));
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = Bucket,
            Key = "c.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });
        Assert.Equal(length, head.ContentLength);
        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, head.ServerSideEncryptionCustomerMethod);

        // Without the key: 400, and not one byte of the object.
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "c.bin"));
        Assert.Equal(("InvalidRequest", HttpStatusCode.BadRequest), (missing.ErrorCode, missing.StatusCode));
        var headMissing = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(Bucket, "c.bin"));
        Assert.Equal(HttpStatusCode.BadRequest, headMissing.StatusCode);

        var wrong = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(CustomerGet("c.bin", OtherKeyBytes)));
        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden), (wrong.ErrorCode, wrong.StatusCode));

        // A key for an object that has none.
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "s3.bin", ContentBody = "x" });
        var notApplicable = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(CustomerGet("s3.bin")));
        Assert.Equal(("InvalidRequest", HttpStatusCode.BadRequest), (notApplicable.ErrorCode, notApplicable.StatusCode));
    }

    [Fact]
    public async Task A_put_with_a_wrong_key_MD5_is_refused_and_stores_nothing()
    {
        var request = CustomerPut("refused.bin", Bytes(10, 1));
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(OtherKeyBytes);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutObjectAsync(request));
        Assert.Equal(("InvalidArgument", HttpStatusCode.BadRequest), (refused.ErrorCode, refused.StatusCode));
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(Bucket, "refused.bin"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Copies_read_the_source_with_its_key_and_write_with_the_targets()
    {
        var data = Bytes(150_000, 21);
        await S3.PutObjectAsync(CustomerPut("source.bin", data));

        var noSourceKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.CopyObjectAsync(Bucket, "source.bin", Bucket, "copy.bin"));
        Assert.Equal(("InvalidRequest", HttpStatusCode.BadRequest), (noSourceKey.ErrorCode, noSourceKey.StatusCode));

        // SSE-C source to an SSE-S3 copy.
        var toServer = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = "source.bin",
            DestinationBucket = Bucket,
            DestinationKey = "copy.bin",
            CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            CopySourceServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            CopySourceServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });
        Assert.Equal(ServerSideEncryptionMethod.AES256, toServer.ServerSideEncryptionMethod);
        Assert.Equal(data, await ReadAsync(await S3.GetObjectAsync(Bucket, "copy.bin")));

        // The same object in place under another customer key: a key rotation.
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = "source.bin",
            DestinationBucket = Bucket,
            DestinationKey = "source.bin",
            CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            CopySourceServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            CopySourceServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(OtherKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(OtherKeyBytes),
        });
        Assert.Equal(data, await ReadAsync(await S3.GetObjectAsync(CustomerGet("source.bin", OtherKeyBytes))));
        var oldKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(CustomerGet("source.bin")));
        Assert.Equal(HttpStatusCode.Forbidden, oldKey.StatusCode);
    }

    [Fact]
    public async Task Empty_objects_copy_and_read_under_either_encryption()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "empty", InputStream = new MemoryStream() });
        var copy = await S3.CopyObjectAsync(Bucket, "empty", Bucket, "empty-copy");
        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.Empty(await ReadAsync(await S3.GetObjectAsync(Bucket, "empty-copy")));

        await S3.PutObjectAsync(CustomerPut("empty-c", []));
        Assert.Empty(await ReadAsync(await S3.GetObjectAsync(CustomerGet("empty-c"))));
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "empty-c"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task A_multipart_SSE_C_upload_needs_its_key_for_every_part_and_reads_across_parts()
    {
        var first = Bytes(5 * 1024 * 1024, 31);
        var second = Bytes(70_000, 32);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "copied-part-source", InputStream = new MemoryStream(second) });
        var created = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "multi.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });

        var withoutKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = "multi.bin",
            UploadId = created.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(first),
        }));
        Assert.Equal(("InvalidRequest", HttpStatusCode.BadRequest), (withoutKey.ErrorCode, withoutKey.StatusCode));

        var part1 = await S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = "multi.bin",
            UploadId = created.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(first),
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });
        var part2 = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = Bucket,
            SourceKey = "copied-part-source",
            DestinationBucket = Bucket,
            DestinationKey = "multi.bin",
            UploadId = created.UploadId,
            PartNumber = 2,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Key(CustomerKeyBytes),
            ServerSideEncryptionCustomerProvidedKeyMD5 = Md5(CustomerKeyBytes),
        });
        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "multi.bin",
            UploadId = created.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        });

        var whole = first.Concat(second).ToArray();
        Assert.Equal(whole, await ReadAsync(await S3.GetObjectAsync(CustomerGet("multi.bin"))));
        var across = new ByteRange(first.Length - 100, first.Length + 99);
        Assert.Equal(whole.AsSpan(first.Length - 100, 200).ToArray(), await ReadAsync(await S3.GetObjectAsync(CustomerGet("multi.bin", range: across))));
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "multi.bin"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task The_AWS_CLI_copies_with_sse_c_and_cannot_read_back_without_the_key()
    {
        var work = Directory.CreateTempSubdirectory("localsail-sse-cli-").FullName;
        try
        {
            const string cliKey = "0123456789abcdef0123456789abcdef";
            var data = Bytes(100_000, 51);
            await File.WriteAllBytesAsync(Path.Combine(work, "up.bin"), data);
            var endpoint = new[] { "--endpoint-url", Server.EndpointUrl };
            var up = await S3TestServer.RunAsync("aws", ["s3", "cp", "up.bin", $"s3://{Bucket}/cli.bin", "--sse-c", "AES256", "--sse-c-key", cliKey, .. endpoint], AccessKey, workingDirectory: work);
            Assert.True(up.ExitCode == 0, up.ToString());

            var down = await S3TestServer.RunAsync("aws", ["s3", "cp", $"s3://{Bucket}/cli.bin", "down.bin", "--sse-c", "AES256", "--sse-c-key", cliKey, .. endpoint], AccessKey, workingDirectory: work);
            Assert.True(down.ExitCode == 0, down.ToString());
            Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(work, "down.bin")));

            var refused = await S3TestServer.RunAsync("aws", ["s3", "cp", $"s3://{Bucket}/cli.bin", "refused.bin", .. endpoint], AccessKey, workingDirectory: work);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.False(File.Exists(Path.Combine(work, "refused.bin")));

            // The SDK with the same key, as the CLI sends it (the raw 32 bytes).
            Assert.Equal(data, await ReadAsync(await S3.GetObjectAsync(CustomerGet("cli.bin", Encoding.ASCII.GetBytes(cliKey)))));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Objects_stored_before_encryption_still_read()
    {
        var bucketId = (await Server.Server.GetService<LocalSail.Server.DataPlane.BucketCache>().FindAsync(Bucket, CancellationToken.None))!.Id;
        var blobs = Server.Server.GetService<IBlobStore>();
        var objects = Server.Server.GetService<ObjectService>();
        var large = Bytes(100_000, 41);
        string blob;
        await using (var writer = blobs.CreateWriter(bucketId))
        {
            await writer.Stream.WriteAsync(large);
            blob = await writer.CommitAsync(CancellationToken.None);
        }

        var etag = Convert.ToHexStringLower(MD5.HashData(large));
        await objects.PutAsync(default, new ObjectRecord { BucketId = bucketId, Key = "old-file", Size = large.Length, ETag = etag, LastModified = DateTimeOffset.UtcNow, Blob = blob }, default, CancellationToken.None);
        var small = "written long ago"u8.ToArray();
        await objects.PutAsync(default, new ObjectRecord
        {
            BucketId = bucketId,
            Key = "old-inline",
            Size = small.Length,
            ETag = Convert.ToHexStringLower(MD5.HashData(small)),
            LastModified = DateTimeOffset.UtcNow,
            InlineData = small,
        }, default, CancellationToken.None);

        using (var get = await S3.GetObjectAsync(Bucket, "old-file"))
        {
            Assert.Null(get.ServerSideEncryptionMethod?.Value);
        }

        Assert.Equal(large, await ReadAsync(await S3.GetObjectAsync(Bucket, "old-file")));
        Assert.Equal(large.AsSpan(70_000, 1000).ToArray(), await ReadAsync(await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "old-file", ByteRange = new ByteRange(70_000, 70_999) })));
        Assert.Equal(small, await ReadAsync(await S3.GetObjectAsync(Bucket, "old-inline")));

        // A copy of an old object is encrypted like any new one.
        var copy = await S3.CopyObjectAsync(Bucket, "old-file", Bucket, "old-file-copy");
        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.Equal(large, await ReadAsync(await S3.GetObjectAsync(Bucket, "old-file-copy")));
    }
}
