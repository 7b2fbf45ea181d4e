using System.Net.Http.Headers;

namespace LocalSail.Signing;

/// <summary>Signs an <see cref="HttpRequestMessage"/> with SigV4 in the Authorization header, as the AWS SDKs do.</summary>
public sealed class RequestSigner
{
    private readonly SigningKeyCache _keys;

    public RequestSigner(SigningKeyCache? keys = null) => _keys = keys ?? new SigningKeyCache();

    /// <summary>
    /// Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (if any) and <c>Authorization</c>.
    /// <paramref name="payloadHash"/> is the hex SHA-256 of the body, or <see cref="SigV4.UnsignedPayload"/>;
    /// for S3 it is also sent as <c>x-amz-content-sha256</c>.
    /// </summary>
    public void Sign(HttpRequestMessage request, Credentials credentials, string region, string service, DateTimeOffset now, string payloadHash)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = SigV4.FormatAmzDate(now);
        var date = amzDate[..8];
        var isS3 = service == "s3";

        request.Headers.Host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.SessionToken is not null)
        {
            request.Headers.Remove("X-Amz-Security-Token");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        if (isS3)
        {
            request.Headers.Remove("x-amz-content-sha256");
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddHeaders(headers, request.Headers);
        if (request.Content is not null)
        {
            AddHeaders(headers, request.Content.Headers);
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = SigV4.BuildCanonicalRequest(
            request.Method.Method,
            SigV4.CanonicalUri(uri.AbsolutePath, isS3),
            SigV4.CanonicalQuery(uri.Query),
            headers.ToList(),
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/{SigV4.Terminator}";
        var stringToSign = SigV4.BuildStringToSign(amzDate, scope, canonicalRequest);
        var signature = SigV4.ComputeSignature(_keys.Get(credentials.AccessKeyId, credentials.SecretAccessKey, date, region, service), stringToSign);

        request.Headers.Authorization = new AuthenticationHeaderValue(
            SigV4.Algorithm,
            $"Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static void AddHeaders(SortedDictionary<string, string> target, HttpHeaders headers)
    {
        foreach (var header in headers)
        {
            var name = header.Key.ToLowerInvariant();
            if (name is "authorization" or "user-agent" or "expect" or "connection" or "transfer-encoding")
            {
                continue;
            }

            target[name] = SigV4.CanonicalHeaderValue(string.Join(',', header.Value));
        }
    }
}
