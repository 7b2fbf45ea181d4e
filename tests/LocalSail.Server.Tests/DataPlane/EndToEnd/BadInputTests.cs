using System.Net.Http.Headers;
using System.Security.Cryptography;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>Every payload form, and each bad input refused with its S3 error and nothing stored.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private RawS3Client _raw = null!;
    private string _bucket = null!;
    private Credentials _key = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _raw = new RawS3Client(_server.Server.Endpoint);
        _bucket = await _server.CreateBucketAsync("bad");
        _key = await _server.CreateKeyAsync(_bucket);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    private string Url(string key) => $"{_server.EndpointUrl}/{_bucket}/{key}";

    private async Task AssertNotStoredAsync(string key)
    {
        var reply = await _raw.SendAsync(HttpMethod.Get, Url(key), _key);
        Assert.Equal("NoSuchKey", reply.ErrorCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.Server.DataDirectory, "tmp")));
    }

    private static string Crc32(byte[] data) => ChecksumAlgorithms.ComputeBase64("CRC32", data);

    [Fact]
    public async Task Payload_hash_mismatch_is_refused()
    {
        var reply = await _raw.SendAsync(HttpMethod.Put, Url("sha"), _key, "actual"u8.ToArray(), payloadHash: SigV4.Sha256Hex("declared"));
        Assert.Equal((400, "XAmzContentSHA256Mismatch"), (reply.Status, reply.ErrorCode));
        await AssertNotStoredAsync("sha");
    }

    [Fact]
    public async Task Wrong_checksum_header_and_wrong_Content_MD5_are_refused()
    {
        var data = "checksum me"u8.ToArray();
        var crc = await _raw.SendAsync(HttpMethod.Put, Url("crc"), _key, data, new Dictionary<string, string> { ["x-amz-checksum-crc32"] = Crc32("other"u8.ToArray()) });
        Assert.Equal((400, "BadDigest"), (crc.Status, crc.ErrorCode));
        await AssertNotStoredAsync("crc");

        var md5 = await _raw.SendAsync(HttpMethod.Put, Url("md5"), _key, data, new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData("other"u8.ToArray())) });
        Assert.Equal((400, "BadDigest"), (md5.Status, md5.ErrorCode));
        var badMd5 = await _raw.SendAsync(HttpMethod.Put, Url("md5"), _key, data, new Dictionary<string, string> { ["Content-MD5"] = "bm90IGFuIG1kNQ==" });
        Assert.Equal((400, "InvalidDigest"), (badMd5.Status, badMd5.ErrorCode));
        await AssertNotStoredAsync("md5");

        var good = await _raw.SendAsync(HttpMethod.Put, Url("crc"), _key, data, new Dictionary<string, string>
        {
            ["x-amz-checksum-crc32c"] = ChecksumAlgorithms.ComputeBase64("CRC32C", data),
            ["Content-MD5"] = Convert.ToBase64String(MD5.HashData(data)),
        });
        Assert.Equal(200, good.Status);
        Assert.Equal(ChecksumAlgorithms.ComputeBase64("CRC32C", data), good.Header("x-amz-checksum-crc32c"));
    }

    [Fact]
    public async Task Conditional_write_refuses_to_overwrite()
    {
        var ifAbsent = new Dictionary<string, string> { ["If-None-Match"] = "*" };
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url("once"), _key, "first"u8.ToArray(), ifAbsent)).Status);
        var again = await _raw.SendAsync(HttpMethod.Put, Url("once"), _key, "second"u8.ToArray(), ifAbsent);
        Assert.Equal((412, "PreconditionFailed"), (again.Status, again.ErrorCode));
        Assert.Equal("first", (await _raw.SendAsync(HttpMethod.Get, Url("once"), _key)).Text);
    }

    [Fact]
    public async Task Signed_chunked_payload_is_verified_chunk_by_chunk()
    {
        byte[][] chunks = [RandomNumberGenerator.GetBytes(8192), RandomNumberGenerator.GetBytes(100)];
        var good = await SendSignedChunkedAsync("chunked", chunks, corruptChunk: -1);
        Assert.Equal(200, good.Status);
        var stored = (await _raw.SendAsync(HttpMethod.Get, Url("chunked"), _key)).Body;
        Assert.Equal(chunks[0].Concat(chunks[1]).ToArray(), stored);

        var bad = await SendSignedChunkedAsync("chunked-bad", chunks, corruptChunk: 1);
        Assert.Equal((403, "SignatureDoesNotMatch"), (bad.Status, bad.ErrorCode));
        await AssertNotStoredAsync("chunked-bad");
    }

    [Fact]
    public async Task Unsigned_chunked_payload_checks_the_trailer()
    {
        byte[][] chunks = ["first chunk "u8.ToArray(), "second chunk"u8.ToArray()];
        byte[] whole = [.. chunks[0], .. chunks[1]];
        var good = await SendTrailerAsync("trailer", chunks, Crc32(whole));
        Assert.Equal(200, good.Status);
        var stored = (await _raw.SendAsync(HttpMethod.Get, Url("trailer"), _key)).Body;
        Assert.Equal(whole, stored);
        var head = await _raw.SendAsync(HttpMethod.Head, Url("trailer"), _key, headers: new Dictionary<string, string> { ["x-amz-checksum-mode"] = "ENABLED" });
        Assert.Equal(Crc32(whole), head.Header("x-amz-checksum-crc32"));

        var bad = await SendTrailerAsync("trailer-bad", chunks, Crc32("something else"u8.ToArray()));
        Assert.Equal((400, "BadDigest"), (bad.Status, bad.ErrorCode));
        await AssertNotStoredAsync("trailer-bad");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(70 * 1024)]
    public async Task Chunked_payload_of_another_length_than_declared_is_refused(long declared)
    {
        // 24 bytes sent: a smaller declared length must not overflow a small object's buffer, a larger one
        // must not leave a short object, whether kept inline or in a file.
        byte[][] chunks = ["first chunk "u8.ToArray(), "second chunk"u8.ToArray()];
        byte[] whole = [.. chunks[0], .. chunks[1]];
        var reply = await SendTrailerAsync("mislength", chunks, Crc32(whole), declared);
        Assert.Equal((400, "IncompleteBody"), (reply.Status, reply.ErrorCode));
        await AssertNotStoredAsync("mislength");
    }

    [Fact]
    public async Task Malformed_XML_unknown_upload_and_unknown_subresource()
    {
        var deleteXml = await _raw.SendAsync(HttpMethod.Post, $"{_server.EndpointUrl}/{_bucket}?delete", _key, "<Delete><Object><Key>a</Key>"u8.ToArray());
        Assert.Equal((400, "MalformedXML"), (deleteXml.Status, deleteXml.ErrorCode));

        var create = await _raw.SendAsync(HttpMethod.Post, Url("mp?uploads"), _key);
        var uploadId = System.Xml.Linq.XDocument.Parse(create.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value;
        var completeXml = await _raw.SendAsync(HttpMethod.Post, Url($"mp?uploadId={uploadId}"), _key, "not xml at all"u8.ToArray());
        Assert.Equal((400, "MalformedXML"), (completeXml.Status, completeXml.ErrorCode));

        var unknownUpload = await _raw.SendAsync(HttpMethod.Put, Url("mp?partNumber=1&uploadId=nosuchupload"), _key, "part"u8.ToArray());
        Assert.Equal((404, "NoSuchUpload"), (unknownUpload.Status, unknownUpload.ErrorCode));
        var completeUnknown = await _raw.SendAsync(HttpMethod.Post, Url("mp?uploadId=nosuchupload"), _key, "<CompleteMultipartUpload/>"u8.ToArray());
        Assert.Equal((404, "NoSuchUpload"), (completeUnknown.Status, completeUnknown.ErrorCode));
        await AssertNotStoredAsync("mp");

        var unknown = await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{_bucket}?website", _key);
        Assert.Equal((501, "NotImplemented"), (unknown.Status, unknown.ErrorCode));
        Assert.Contains("<RequestId>", unknown.Text);
        Assert.Contains($"<Resource>/{_bucket}</Resource>", unknown.Text);

        var noBucket = await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{_bucket}-missing?list-type=2", _server.Server.RootCredentials);
        Assert.Equal((404, "NoSuchBucket"), (noBucket.Status, noBucket.ErrorCode));
    }

    [Fact]
    public async Task An_unimplemented_subresource_is_refused_to_whoever_may_not_use_the_bucket_first()
    {
        var url = $"{_server.EndpointUrl}/{_bucket}?policy";
        var foreignKey = await _server.CreateKeyAsync(await _server.CreateBucketAsync("foreign"));

        Assert.Equal((403, "AccessDenied"), Outcome(await _raw.SendAsync(HttpMethod.Get, url, credentials: null)));
        Assert.Equal((403, "AccessDenied"), Outcome(await _raw.SendAsync(HttpMethod.Put, url, foreignKey, "{}"u8.ToArray())));
        Assert.Equal((403, "SignatureDoesNotMatch"), Outcome(await _raw.SendAsync(HttpMethod.Get, url, new Credentials(_key.AccessKeyId, "wrong-secret-wrong-secret-wrong-secret00"))));
        Assert.Equal((404, "NoSuchBucket"), Outcome(await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{_bucket}-missing?policy", _server.Server.RootCredentials)));
        Assert.Equal((501, "NotImplemented"), Outcome(await _raw.SendAsync(HttpMethod.Get, url, _key)));
        Assert.Equal((501, "NotImplemented"), Outcome(await _raw.SendAsync(HttpMethod.Get, url, _server.Server.RootCredentials)));
    }

    [Fact]
    public async Task User_metadata_over_two_kilobytes_is_refused_and_nothing_is_stored()
    {
        // S3 counts the UTF-8 bytes of each name (without x-amz-meta-) and value: 2048 in all is the most.
        var atLimit = new Dictionary<string, string> { ["x-amz-meta-a"] = new string('v', 1000), ["x-amz-meta-b"] = new string('w', 1046) };
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url("meta-ok"), _key, "x"u8.ToArray(), atLimit)).Status);

        var overLimit = new Dictionary<string, string> { ["x-amz-meta-a"] = new string('v', 1000), ["x-amz-meta-b"] = new string('w', 1047) };
        var put = await _raw.SendAsync(HttpMethod.Put, Url("meta-large"), _key, "x"u8.ToArray(), overLimit);
        Assert.Equal((400, "MetadataTooLarge"), (put.Status, put.ErrorCode));
        Assert.Contains("<MaxSizeAllowed>2048</MaxSizeAllowed>", put.Text);
        await AssertNotStoredAsync("meta-large");

        var huge = new Dictionary<string, string> { ["x-amz-meta-big"] = new string('z', 30_000) };
        Assert.Equal("MetadataTooLarge", (await _raw.SendAsync(HttpMethod.Post, Url("meta-mp?uploads"), _key, headers: huge)).ErrorCode);
        var copyHeaders = new Dictionary<string, string>(huge) { ["x-amz-copy-source"] = $"/{_bucket}/meta-ok", ["x-amz-metadata-directive"] = "REPLACE" };
        Assert.Equal("MetadataTooLarge", (await _raw.SendAsync(HttpMethod.Put, Url("meta-copy"), _key, headers: copyHeaders)).ErrorCode);
        await AssertNotStoredAsync("meta-copy");
    }

    private static (int Status, string? Code) Outcome(RawReply reply) => (reply.Status, reply.ErrorCode);

    private async Task<RawReply> SendSignedChunkedAsync(string key, byte[][] chunks, int corruptChunk)
    {
        var length = AwsChunkedBody.SignedLength(chunks.Select(c => c.Length));
        var headers = new Dictionary<string, string>
        {
            ["Content-Encoding"] = "aws-chunked",
            ["x-amz-decoded-content-length"] = chunks.Sum(c => c.Length).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var now = DateTimeOffset.UtcNow;
        return await _raw.SendAsync(HttpMethod.Put, Url(key), _key, new byte[length], headers, SigV4.StreamingPayload, now, tamper: request =>
        {
            var authorization = request.Headers.Authorization!.Parameter!;
            var seed = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..];
            var date = SigV4.FormatAmzDate(now);
            var scope = $"{date[..8]}/us-east-1/s3/aws4_request";
            var signingKey = SigV4.DeriveSigningKey(_key.SecretAccessKey, date[..8], "us-east-1", "s3");
            var body = AwsChunkedBody.Signed(chunks, seed, signingKey, date, scope, corruptChunk);
            var content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            content.Headers.ContentLength = body.Length;
            request.Content = content;
        });
    }

    private Task<RawReply> SendTrailerAsync(string key, byte[][] chunks, string checksum, long? decodedLength = null)
    {
        var body = AwsChunkedBody.UnsignedWithTrailer(chunks, "x-amz-checksum-crc32", checksum);
        return _raw.SendAsync(HttpMethod.Put, Url(key), _key, body, new Dictionary<string, string>
        {
            ["Content-Encoding"] = "aws-chunked",
            ["x-amz-trailer"] = "x-amz-checksum-crc32",
            ["x-amz-decoded-content-length"] = (decodedLength ?? chunks.Sum(c => c.Length)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, SigV4.StreamingUnsignedPayloadTrailer);
    }
}
