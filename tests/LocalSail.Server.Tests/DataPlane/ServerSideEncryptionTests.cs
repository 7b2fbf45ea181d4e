using System.Security.Cryptography;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Hosting;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Tests.DataPlane;

/// <summary>S3's SSE rules alone: which headers a write and a read need, which error each miss is, and which key opens what.</summary>
public sealed class ServerSideEncryptionTests : IDisposable
{
    private static readonly byte[] KeyBytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string Key = Convert.ToBase64String(KeyBytes);
    private static readonly string KeyMd5 = Convert.ToBase64String(MD5.HashData(KeyBytes));
    private static readonly byte[] OtherKeyBytes = Enumerable.Repeat((byte)9, 32).ToArray();

    private readonly SecretProtector _root = SecretProtector.Ephemeral();
    private readonly ServerSideEncryption _sse;

    public ServerSideEncryptionTests() => _sse = new ServerSideEncryption(new ObjectKeyring(_root), new LocalSailOptions());

    public void Dispose() => _root.Dispose();

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static (string, string)[] CustomerHeaders(string prefix = "x-amz-", string? algorithm = "AES256", string? key = null, string? md5 = null)
    {
        var headers = new List<(string, string)>();
        if (algorithm is not null)
        {
            headers.Add(($"{prefix}server-side-encryption-customer-algorithm", algorithm));
        }

        headers.Add(($"{prefix}server-side-encryption-customer-key", key ?? Key));
        if (md5 != "")
        {
            headers.Add(($"{prefix}server-side-encryption-customer-key-MD5", md5 ?? KeyMd5));
        }

        return [.. headers];
    }

    private static CustomerKey Customer(byte[] key) => new(key, Convert.ToBase64String(MD5.HashData(key)));

    [Fact]
    public void A_write_without_headers_is_SSE_S3_and_AES256_may_be_named()
    {
        Assert.Equal((null, null), ServerSideEncryption.ForWrite(Request()));
        Assert.Equal((null, null), ServerSideEncryption.ForWrite(Request(("x-amz-server-side-encryption", "AES256"))));
    }

    [Fact]
    public void KMS_is_not_implemented_and_an_unknown_method_is_an_invalid_argument()
    {
        Assert.Equal("NotImplemented", ServerSideEncryption.ForWrite(Request(("x-amz-server-side-encryption", "aws:kms"))).Error!.Code);
        var unknown = ServerSideEncryption.ForWrite(Request(("x-amz-server-side-encryption", "DES"))).Error!;
        Assert.Equal(("InvalidArgument", 400), (unknown.Code, unknown.Status));
        var both = ServerSideEncryption.ForWrite(Request([.. CustomerHeaders(), ("x-amz-server-side-encryption", "AES256")])).Error!;
        Assert.Equal("InvalidArgument", both.Code);
    }

    [Fact]
    public void A_write_with_a_complete_customer_key_gets_it_and_its_MD5()
    {
        var (customer, error) = ServerSideEncryption.ForWrite(Request(CustomerHeaders()));
        Assert.Null(error);
        Assert.Equal(KeyMd5, customer!.KeyMd5);
        Assert.DoesNotContain(Key, customer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "InvalidArgument", 400, "valid encryption algorithm")]
    [InlineData("AES128", null, null, "InvalidEncryptionAlgorithmError", 400, "Supported value: AES256")]
    [InlineData("AES256", "", null, "InvalidArgument", 400, "appropriate secret key")]
    [InlineData("AES256", "c2hvcnQ=", null, "InvalidArgument", 400, "secret key was invalid")]
    [InlineData("AES256", null, "", "InvalidArgument", 400, "client calculated MD5")]
    [InlineData("AES256", null, "AAAAAAAAAAAAAAAAAAAAAA==", "InvalidArgument", 400, "MD5 hash of the key did not match")]
    [InlineData("AES256", null, "not base64!", "InvalidArgument", 400, "MD5 hash of the key did not match")]
    public void A_write_with_a_faulty_customer_key_is_refused(string? algorithm, string? key, string? md5, string code, int status, string message)
    {
        var error = ServerSideEncryption.ForWrite(Request(CustomerHeaders(algorithm: algorithm, key: key, md5: md5))).Error!;
        Assert.Equal((code, status), (error.Code, error.Status));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Details, d => d.Value == Key);
    }

    [Fact]
    public void A_read_needs_no_MD5_and_refuses_a_key_of_the_wrong_size_with_403()
    {
        var (customer, error) = ServerSideEncryption.CustomerKeyFrom(Request(CustomerHeaders(md5: "")), string.Empty, isRead: true);
        Assert.Null(error);
        Assert.Equal(KeyMd5, customer!.KeyMd5);

        var shortKey = ServerSideEncryption.CustomerKeyFrom(Request(CustomerHeaders(key: "c2hvcnQ=", md5: "")), string.Empty, isRead: true).Error!;
        Assert.Equal(("AccessDenied", 403), (shortKey.Code, shortKey.Status));

        Assert.Equal("InvalidArgument", ServerSideEncryption.CheckRead(Request(("x-amz-server-side-encryption", "AES256")))!.Code);
        Assert.Null(ServerSideEncryption.CheckRead(Request()));
    }

    [Fact]
    public void A_copy_source_key_is_read_from_the_copy_source_headers()
    {
        var request = Request(CustomerHeaders(prefix: "x-amz-copy-source-"));
        Assert.Equal((null, null), ServerSideEncryption.CustomerKeyFrom(request, string.Empty, isRead: true));
        var (customer, error) = ServerSideEncryption.CustomerKeyFrom(request, ServerSideEncryption.CopySourcePrefix, isRead: true);
        Assert.Null(error);
        Assert.Equal(KeyMd5, customer!.KeyMd5);
    }

    [Fact]
    public void With_encryption_off_by_default_a_new_key_is_made_only_when_a_request_asks()
    {
        var off = new ServerSideEncryption(new ObjectKeyring(_root), new LocalSailOptions { EncryptObjects = false });

        Assert.Equal((null, null), off.NewKey(null, requested: false));
        Assert.Equal(EncryptionKind.Server, off.NewKey(null, requested: true).Encryption!.Kind);
        Assert.Equal(EncryptionKind.Customer, off.NewKey(Customer(KeyBytes), requested: false).Encryption!.Kind);
        Assert.Equal(EncryptionKind.Server, _sse.NewKey(null, requested: false).Encryption!.Kind);
    }

    [Fact]
    public void An_SSE_C_object_opens_with_its_key_only()
    {
        var (encryption, _) = _sse.NewKey(Customer(KeyBytes), requested: false);

        var (key, error) = _sse.OpenForRead(encryption, Customer(KeyBytes));
        Assert.Null(error);
        Assert.NotNull(key);

        var missing = _sse.OpenForRead(encryption, null).Error!;
        Assert.Equal(("InvalidRequest", 400), (missing.Code, missing.Status));
        Assert.Contains("The correct parameters must be provided to retrieve the object", missing.Message, StringComparison.Ordinal);

        var wrong = _sse.OpenForRead(encryption, Customer(OtherKeyBytes)).Error!;
        Assert.Equal(("AccessDenied", 403), (wrong.Code, wrong.Status));
    }

    [Fact]
    public void A_customer_key_is_not_applicable_to_an_object_without_one()
    {
        var (serverEncrypted, _) = _sse.NewKey(null, requested: false);
        Assert.NotNull(_sse.OpenForRead(serverEncrypted, null).Key);
        Assert.Equal((null, null), _sse.OpenForRead(null, null));
        foreach (var encryption in new[] { serverEncrypted, null })
        {
            var error = _sse.OpenForRead(encryption, Customer(KeyBytes)).Error!;
            Assert.Equal(("InvalidRequest", "The encryption parameters are not applicable to this object."), (error.Code, error.Message));
        }
    }

    [Fact]
    public void The_parts_of_an_SSE_C_upload_need_its_key()
    {
        var (encryption, _) = _sse.NewKey(Customer(KeyBytes), requested: false);
        var upload = new UploadRecord { UploadId = "u", BucketId = "b", Key = "k", Initiated = DateTimeOffset.UnixEpoch, Encryption = encryption };

        Assert.NotNull(_sse.OpenForPart(upload, Customer(KeyBytes)).Key);
        Assert.Contains("Subsequent part requests must include the appropriate encryption parameters", _sse.OpenForPart(upload, null).Error!.Message, StringComparison.Ordinal);
        var wrong = _sse.OpenForPart(upload, Customer(OtherKeyBytes)).Error!;
        Assert.Equal(("InvalidRequest", "The provided encryption parameters did not match the ones used originally."), (wrong.Code, wrong.Message));

        var (serverEncrypted, _) = _sse.NewKey(null, requested: false);
        Assert.Equal("InvalidRequest", _sse.OpenForPart(upload with { Encryption = serverEncrypted }, Customer(KeyBytes)).Error!.Code);
    }

    [Fact]
    public void Answers_report_SSE_S3_or_the_customer_keys_algorithm_and_MD5()
    {
        var serverResponse = new DefaultHttpContext().Response;
        ServerSideEncryption.WriteHeaders(serverResponse, _sse.NewKey(null, requested: false).Encryption, null);
        Assert.Equal("AES256", serverResponse.Headers["x-amz-server-side-encryption"].ToString());

        var customerResponse = new DefaultHttpContext().Response;
        ServerSideEncryption.WriteHeaders(customerResponse, _sse.NewKey(Customer(KeyBytes), requested: false).Encryption, Customer(KeyBytes));
        Assert.False(customerResponse.Headers.ContainsKey("x-amz-server-side-encryption"));
        Assert.Equal("AES256", customerResponse.Headers["x-amz-server-side-encryption-customer-algorithm"].ToString());
        Assert.Equal(KeyMd5, customerResponse.Headers["x-amz-server-side-encryption-customer-key-MD5"].ToString());

        var plainResponse = new DefaultHttpContext().Response;
        ServerSideEncryption.WriteHeaders(plainResponse, null, null);
        Assert.Empty(plainResponse.Headers);
    }
}
