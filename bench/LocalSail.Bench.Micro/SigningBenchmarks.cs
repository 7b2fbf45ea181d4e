using BenchmarkDotNet.Attributes;
using LocalSail.Signing;

namespace LocalSail.Bench.Micro;

/// <summary>
/// The SigV4 work every request pays on both sides: the canonical request, its hash, the string to sign
/// and the HMAC under a cached signing key. The server's verification repeats all of it and compares.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly Credentials Key = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly Uri ObjectUri = new("http://127.0.0.1:8080/bench-data/obj-4k");
    private static readonly Uri ListUri = new("http://127.0.0.1:8080/bench-list-100000?list-type=2&max-keys=1000&start-after=k-000012345");
    private static readonly byte[] JsonBody = """{"bucketName":"bench-data"}"""u8.ToArray();

    private readonly RequestSigner _signer = new();
    private readonly SigningKeyCache _keys = new();
    private string _canonicalRequest = "";
    private byte[] _signingKey = [];

    [GlobalSetup]
    public void Setup()
    {
        _signingKey = _keys.Get(Key.AccessKeyId, Key.SecretAccessKey, "20261123", "us-east-1", "s3");
        _canonicalRequest = SigV4.BuildCanonicalRequest(
            "GET",
            "/bench-data/obj-4k",
            "",
            [new("host", "127.0.0.1:8080"), new("x-amz-content-sha256", SigV4.EmptyPayloadHash), new("x-amz-date", "20261123T100000Z")],
            "host;x-amz-content-sha256;x-amz-date",
            SigV4.EmptyPayloadHash);
    }

    [Benchmark(Description = "RequestSigner.Sign S3 GET")]
    public string SignS3Get()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectUri);
        _signer.Sign(request, Key, "us-east-1", "s3", Now, SigV4.EmptyPayloadHash);
        return request.Headers.Authorization!.Parameter!;
    }

    [Benchmark(Description = "RequestSigner.Sign Lightsail JSON 1.1")]
    public string SignLightsail()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8080/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Lightsail_20161128.GetBucketAccessKeys");
        request.Content = new ByteArrayContent(JsonBody);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        _signer.Sign(request, Key, "us-east-1", "lightsail", Now, SigV4.Sha256Hex(JsonBody));
        return request.Headers.Authorization!.Parameter!;
    }

    [Benchmark(Description = "canonical query, ListObjectsV2")]
    public string CanonicalQuery() => SigV4.CanonicalQuery(ListUri.Query);

    [Benchmark(Description = "string to sign + signature (cached key)")]
    public string StringToSignAndSignature() =>
        SigV4.ComputeSignature(_signingKey, SigV4.BuildStringToSign("20261123T100000Z", "20261123/us-east-1/s3/aws4_request", _canonicalRequest));

    [Benchmark(Description = "signing key, cache hit")]
    public byte[] CachedSigningKey() => _keys.Get(Key.AccessKeyId, Key.SecretAccessKey, "20261123", "us-east-1", "s3");

    [Benchmark(Description = "signing key, derived (4 HMACs)")]
    public byte[] DerivedSigningKey() => SigV4.DeriveSigningKey(Key.SecretAccessKey, "20261123", "us-east-1", "s3");
}
