using LocalSail.Signing;

namespace LocalSail.Bench.Load;

/// <summary>
/// SigV4 over a fixed set of headers the bench always sends, built straight into the canonical request.
/// Every request still gets its own real signature (fresh date, full canonical request, HMAC under the
/// cached signing key), but without <see cref="RequestSigner"/>'s general header walk, which cost the
/// client as much CPU as the server it was measuring on a small GET.
/// </summary>
public static class FastSigner
{
    private const string S3SignedHeaders = "host;x-amz-content-sha256;x-amz-date";
    private const string JsonSignedHeaders = "content-type;host;x-amz-date;x-amz-target";

    private static readonly SigningKeyCache Keys = new();
    private static readonly AmzClock Clock = new();

    public static void SignS3(HttpRequestMessage request, Credentials credentials, string region, string payloadHash)
    {
        var uri = request.RequestUri!;
        var (amzDate, date) = Clock.Now();
        var host = HostOf(uri);
        var canonical = string.Concat(
            request.Method.Method, "\n",
            SigV4.CanonicalUri(uri.AbsolutePath, isS3: true), "\n",
            SigV4.CanonicalQuery(uri.Query), "\n",
            "host:", host, "\nx-amz-content-sha256:", payloadHash, "\nx-amz-date:", amzDate, "\n\n",
            S3SignedHeaders, "\n", payloadHash);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        Authorize(request, credentials, region, "s3", amzDate, date, canonical, S3SignedHeaders);
    }

    public static void SignJson(HttpRequestMessage request, Credentials credentials, string region, JsonCall call)
    {
        var uri = request.RequestUri!;
        var (amzDate, date) = Clock.Now();
        var host = HostOf(uri);
        var canonical = string.Concat(
            "POST\n/\n\n",
            "content-type:", call.ContentType, "\nhost:", host, "\nx-amz-date:", amzDate, "\nx-amz-target:", call.Target, "\n\n",
            JsonSignedHeaders, "\n", call.PayloadHash);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", call.Target);
        Authorize(request, credentials, region, call.Service, amzDate, date, canonical, JsonSignedHeaders);
    }

    private static void Authorize(HttpRequestMessage request, Credentials credentials, string region, string service, string amzDate, string date, string canonical, string signedHeaders)
    {
        var scope = string.Concat(date, "/", region, "/", service, "/", SigV4.Terminator);
        var stringToSign = SigV4.BuildStringToSign(amzDate, scope, canonical);
        var signature = SigV4.ComputeSignature(Keys.Get(credentials.AccessKeyId, credentials.SecretAccessKey, date, region, service), stringToSign);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            string.Concat(SigV4.Algorithm, " Credential=", credentials.AccessKeyId, "/", scope, ", SignedHeaders=", signedHeaders, ", Signature=", signature));
    }

    private static string HostOf(Uri uri) => uri.IsDefaultPort ? uri.Host : string.Concat(uri.Host, ":", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>X-Amz-Date changes once a second: format it once a second, not once a request.</summary>
    private sealed class AmzClock
    {
        // One reference, swapped whole, so a reader never sees a date from one second and a day from another.
        private Stamp _current = new(-1, "", "");

        public (string AmzDate, string Date) Now()
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            var current = Volatile.Read(ref _current);
            if (current.Second != second)
            {
                var amzDate = SigV4.FormatAmzDate(now);
                current = new Stamp(second, amzDate, amzDate[..8]);
                Volatile.Write(ref _current, current);
            }

            return (current.AmzDate, current.Date);
        }

        private sealed record Stamp(long Second, string AmzDate, string Date);
    }
}
