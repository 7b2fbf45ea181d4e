using BenchmarkDotNet.Attributes;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Bench.Micro;

/// <summary>
/// What the server does before any operation: tell the two APIs apart, then verify SigV4 (parse the
/// Authorization header, rebuild the canonical request, HMAC, constant-time compare).
/// </summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private readonly SigV4Verifier _verifier = new(new OneKey(), new SigningKeyCache(), new FixedTime(SignedRequests.Now));
    private readonly string _bodyHash = SigV4.Sha256Hex(SignedRequests.AccessKeysBody);
    private HttpRequest _lightsail = null!;
    private HttpRequest _s3Get = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lightsail = SignedRequests.Lightsail("GetBucketAccessKeys", SignedRequests.AccessKeysBody).Request;
        _s3Get = SignedRequests.S3Get("/bench-data/obj-4k").Request;
    }

    [Benchmark(Description = "classify: Lightsail request")]
    public bool ClassifyLightsail() => LightsailEndpoint.IsLightsailRequest(_lightsail);

    [Benchmark(Description = "classify: S3 request")]
    public bool ClassifyS3() => LightsailEndpoint.IsLightsailRequest(_s3Get);

    [Benchmark(Description = "SigV4Verifier: GetBucketAccessKeys")]
    public async Task<bool> VerifyLightsail() =>
        (await _verifier.VerifyAsync(_lightsail, "lightsail", _bodyHash, CancellationToken.None)).Succeeded;

    [Benchmark(Description = "SigV4Verifier: S3 GET")]
    public async Task<bool> VerifyS3Get() =>
        (await _verifier.VerifyAsync(_s3Get, "s3", SigV4.EmptyPayloadHash, CancellationToken.None)).Succeeded;

    private sealed class OneKey : ICredentialResolver
    {
        private static readonly ResolvedCredential Credential = new(
            new Principal("123456789012", SignedRequests.Key.AccessKeyId, PrincipalKind.AccountRoot),
            SignedRequests.Key.SecretAccessKey);

        public ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ResolvedCredential?>(accessKeyId == SignedRequests.Key.AccessKeyId ? Credential : null);

        public void Forget(IEnumerable<string> accessKeyIds)
        {
        }
    }
}
