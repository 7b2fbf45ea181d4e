using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using LocalSail.Testing;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// U+0000 in every input that could carry it to the metadata store (PostgreSQL's text cannot hold it) is refused
/// with the same client error on each store, nothing is stored, and the server logs no error for it.
/// </summary>
public class NulCharacterTests : IAsyncLifetime
{
    private readonly RecordingLoggerProvider _logs = new();
    private S3TestServer _server = null!;
    private RawS3Client _raw = null!;
    private AmazonS3Client _s3 = null!;
    private string _bucket = null!;
    private Credentials _key = null!;

    /// <summary>The stores the server runs on; a subclass runs every test on PostgreSQL.</summary>
    protected virtual StoreSetup Setup => StoreSetup.Embedded;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync(setup: Setup, configureLogging: logging => logging.AddProvider(_logs));
        _raw = new RawS3Client(_server.Server.Endpoint);
        _bucket = await _server.CreateBucketAsync("nul");
        _key = await _server.CreateKeyAsync(_bucket);
        _s3 = _server.S3Client(_key);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "kept", ContentBody = "kept" });
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_form_upload_whose_key_holds_the_null_character_is_refused_and_nothing_is_stored()
    {
        var direct = await PostAsync(new PostPolicyForm(_key, _bucket).With("key", "a\0b"));
        var substituted = await PostAsync(new PostPolicyForm(_key, _bucket) { FileName = "a%00.txt" }.With("key", "uploads/${filename}"), fileNameWithNul: true);
        var metadata = await PostAsync(new PostPolicyForm(_key, _bucket).With("key", "noted").With("x-amz-meta-note", "\0"));

        AssertInvalidArgument(direct, "key");
        AssertInvalidArgument(substituted, "key");
        AssertInvalidArgument(metadata, "x-amz-meta-note");
        await AssertOnlyTheKeptObjectAsync();
    }

    [Fact]
    public async Task A_copy_whose_source_holds_the_null_character_is_refused_and_nothing_is_stored()
    {
        var copy = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(_bucket, "kept\0", _bucket, "copied"));
        var upload = await _s3.InitiateMultipartUploadAsync(_bucket, "assembled");
        var partCopy = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket,
            SourceKey = "kept\0",
            DestinationBucket = _bucket,
            DestinationKey = "assembled",
            UploadId = upload.UploadId,
            PartNumber = 1,
        }));
        var versioned = await _raw.SendAsync(HttpMethod.Put, Url("copied"), _key, headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"{_bucket}/kept?versionId=%00" });

        AssertInvalidArgument(copy, "x-amz-copy-source");
        AssertInvalidArgument(partCopy, "x-amz-copy-source");
        AssertInvalidArgument(versioned, "x-amz-copy-source");
        Assert.Empty((await _s3.ListPartsAsync(_bucket, "assembled", upload.UploadId)).Parts ?? []);
        await _s3.AbortMultipartUploadAsync(_bucket, "assembled", upload.UploadId);
        await AssertOnlyTheKeptObjectAsync();
    }

    [Fact]
    public async Task Listing_parameters_holding_the_null_character_are_refused()
    {
        var refusals = new (string Parameter, Func<Task> List)[]
        {
            ("prefix", () => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "a\0" })),
            ("delimiter", () => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Delimiter = "\0" })),
            ("start-after", () => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, StartAfter = "\0" })),
            ("continuation-token", () => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, ContinuationToken = "\0" })),
            ("marker", () => _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Marker = "\0" })),
            ("key-marker", () => _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, KeyMarker = "\0" })),
            ("version-id-marker", () => _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, KeyMarker = "kept", VersionIdMarker = "\0" })),
            ("key-marker", () => _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, KeyMarker = "\0" })),
            ("upload-id-marker", () => _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, KeyMarker = "kept", UploadIdMarker = "\0" })),
        };

        foreach (var (parameter, list) in refusals)
        {
            AssertInvalidArgument(await Assert.ThrowsAsync<AmazonS3Exception>(list), parameter);
        }

        AssertNoErrorLogged();
    }

    /// <summary>A well-formed token that decodes to U+0000 is none this server issued.</summary>
    [Fact]
    public async Task A_continuation_token_decoding_to_the_null_character_is_incorrect()
    {
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, ContinuationToken = Convert.ToBase64String("a\0"u8) }));

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "InvalidArgument", "The continuation token provided is incorrect."), (refused.StatusCode, refused.ErrorCode, refused.Message));
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_version_id_or_upload_id_holding_the_null_character_is_refused_and_nothing_changes()
    {
        var get = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "kept", VersionId = "\0" }));
        var delete = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "kept", VersionId = "\0" }));
        var tagging = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = _bucket,
            Key = "kept",
            VersionId = "\0",
            Tagging = new Tagging { TagSet = [new Tag { Key = "k", Value = "v" }] },
        }));
        // AWSSDK.S3 sends an upload id as it is, which HTTP cannot carry; encoded, it reaches the server.
        var part = await _raw.SendAsync(HttpMethod.Put, Url("kept") + "?partNumber=1&uploadId=%00", _key, "part"u8.ToArray());

        AssertInvalidArgument(get, "versionId");
        AssertInvalidArgument(delete, "versionId");
        AssertInvalidArgument(tagging, "versionId");
        AssertInvalidArgument(part, "uploadId");
        Assert.Empty((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "kept" })).Tagging ?? []);
        await AssertOnlyTheKeptObjectAsync();
    }

    /// <summary>XML 1.0 cannot carry U+0000, not even as a reference: the body is not well-formed.</summary>
    [Fact]
    public async Task A_multi_delete_or_tagging_body_holding_the_null_character_is_malformed_XML()
    {
        var deleteBody = Encoding.UTF8.GetBytes("<Delete><Object><Key>kept&#0;</Key></Object><Object><Key>kept</Key></Object></Delete>");
        var delete = await _raw.SendAsync(HttpMethod.Post, $"{_server.EndpointUrl}/{_bucket}?delete", _key, deleteBody, new Dictionary<string, string> { ["Content-MD5"] = Md5(deleteBody) });
        var taggingBody = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>k</Key><Value>&#0;</Value></Tag></TagSet></Tagging>");
        var tagging = await _raw.SendAsync(HttpMethod.Put, Url("kept") + "?tagging", _key, taggingBody, new Dictionary<string, string> { ["Content-MD5"] = Md5(taggingBody) });

        Assert.Equal((400, "MalformedXML"), (delete.Status, delete.ErrorCode));
        Assert.Equal((400, "MalformedXML"), (tagging.Status, tagging.ErrorCode));
        Assert.Empty((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "kept" })).Tagging ?? []);
        await AssertOnlyTheKeptObjectAsync();
    }

    /// <summary>The access key id is looked up before any other check, so it is the one input refused in authentication.</summary>
    [Fact]
    public async Task An_access_key_id_holding_the_null_character_is_one_that_does_not_exist()
    {
        var date = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var presigned = await _raw.SendAsync(
            HttpMethod.Get,
            Url("kept") + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%00" + $"%2F{date[..8]}%2Fus-east-1%2Fs3%2Faws4_request"
                + $"&X-Amz-Date={date}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature={new string('0', 64)}",
            null);
        var form = await PostAsync(new PostPolicyForm(new Credentials("AKIA\0", _key.SecretAccessKey), _bucket).With("key", "posted"));

        Assert.Equal((403, "InvalidAccessKeyId"), (presigned.Status, presigned.ErrorCode));
        Assert.Equal((403, "InvalidAccessKeyId"), (form.Status, form.ErrorCode));
        await AssertOnlyTheKeptObjectAsync();
    }

    [Fact]
    public async Task A_tagging_header_with_an_encoded_null_character_is_an_invalid_tag_and_nothing_is_stored()
    {
        var put = await _raw.SendAsync(HttpMethod.Put, Url("tagged"), _key, "tagged"u8.ToArray(), new Dictionary<string, string> { ["x-amz-tagging"] = "k=%00" });

        Assert.Equal((400, "InvalidTag"), (put.Status, put.ErrorCode));
        await AssertOnlyTheKeptObjectAsync();
    }

    [Fact]
    public async Task A_Lightsail_string_holding_the_null_character_is_invalid_input_and_nothing_is_stored()
    {
        var lightsail = _server.Lightsail;
        var created = await lightsail.CallAsync("CreateBucket", """{"bucketName":"nul-tagged","bundleId":"small_1_0","tags":[{"key":"k","value":"\u0000"}]}""");
        var tagged = await lightsail.CallAsync("TagResource", $$$"""{"resourceName":"{{{_bucket}}}","tags":[{"key":"k\u0000","value":"v"}]}""");
        var logged = await lightsail.CallAsync("UpdateBucket", $$$"""{"bucketName":"{{{_bucket}}}","accessLogConfig":{"enabled":true,"destination":"{{{_bucket}}}","prefix":"logs\u0000/"}}""");

        foreach (var (reply, member) in new[] { (created, "tags.1.member.value"), (tagged, "tags.1.member.key"), (logged, "accessLogConfig.prefix") })
        {
            Assert.Equal((400, "InvalidInputException"), (reply.Status, reply.ErrorType));
            Assert.Equal($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must not contain the null character (U+0000)", reply.Json.GetProperty("message").GetString());
        }

        // A page token that decodes to a name holding U+0000 is none this server issued.
        var paged = await lightsail.CallAsync("GetBuckets", $$"""{"pageToken":"{{Convert.ToBase64String("n:b\0"u8)}}"}""");
        Assert.Equal((400, "InvalidInputException"), (paged.Status, paged.ErrorType));

        var buckets = (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").EnumerateArray().ToList();
        var bucket = Assert.Single(buckets);
        Assert.Equal(_bucket, bucket.GetProperty("name").GetString());
        Assert.Equal(0, bucket.GetProperty("tags").GetArrayLength());
        Assert.False(bucket.GetProperty("accessLogConfig").GetProperty("enabled").GetBoolean());
        AssertNoErrorLogged();
    }

    private string Url(string key) => $"{_server.EndpointUrl}/{_bucket}/{key}";

    private static string Md5(byte[] body) => Convert.ToBase64String(MD5.HashData(body));

    /// <summary>
    /// Posts the form; <paramref name="fileNameWithNul"/>: its file part's name, sent as <c>%00</c> (.NET will not
    /// write U+0000 in a header), is sent with U+0000 itself, as a browser may send it.
    /// </summary>
    private async Task<RawReply> PostAsync(PostPolicyForm form, bool fileNameWithNul = false)
    {
        var content = form.Content();
        var body = await content.ReadAsByteArrayAsync();
        if (fileNameWithNul)
        {
            var text = Encoding.Latin1.GetString(body);
            Assert.Single(text.Split("filename=\"a%00.txt\"")[1..]);
            body = Encoding.Latin1.GetBytes(text.Replace("filename=\"a%00.txt\"", "filename=\"a\0.txt\"", StringComparison.Ordinal));
        }

        return await _raw.SendAsync(HttpMethod.Post, $"{_server.EndpointUrl}/{_bucket}", null, body, new Dictionary<string, string> { ["Content-Type"] = content.Headers.ContentType!.ToString() });
    }

    private static void AssertInvalidArgument(RawReply reply, string argument)
    {
        Assert.Equal((400, "InvalidArgument"), (reply.Status, reply.ErrorCode));
        Assert.Equal(argument, XDocument.Parse(reply.Text).Root!.Element("ArgumentName")?.Value);
    }

    /// <summary>AWSSDK.S3 keeps the error's code and message, not its ArgumentName: the message names the argument.</summary>
    private static void AssertInvalidArgument(AmazonS3Exception refused, string argument)
    {
        var what = argument == "x-amz-copy-source" ? "Copy Source" : $"The {argument} parameter";
        Assert.Equal(
            (System.Net.HttpStatusCode.BadRequest, "InvalidArgument", $"{what} must not contain the null character (U+0000)."),
            (refused.StatusCode, refused.ErrorCode, refused.Message));
    }

    /// <summary>The bucket holds only what the test began with, no upload is left, and no error was logged.</summary>
    private async Task AssertOnlyTheKeptObjectAsync()
    {
        var versions = await _s3.ListVersionsAsync(_bucket);
        Assert.Equal(["kept"], versions.Versions.Select(v => v.Key));
        Assert.Empty((await _s3.ListMultipartUploadsAsync(_bucket)).MultipartUploads ?? []);
        AssertNoErrorLogged();
    }

    private void AssertNoErrorLogged() =>
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
}

public sealed class NulCharacterTestsOnPostgres : NulCharacterTests
{
    protected override StoreSetup Setup => StoreSetup.Postgres;
}
