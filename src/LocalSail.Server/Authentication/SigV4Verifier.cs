using System.Globalization;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalSail.Server.Authentication;

/// <summary>
/// Verifies AWS Signature Version 4 on an incoming request, in the Authorization header or the presigned
/// query, with the clock from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SigV4Verifier(ICredentialResolver credentials, SigningKeyCache signingKeys, TimeProvider clock)
{
    /// <summary>How far a request's time may be from the server's.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The longest a presigned URL may be valid (seven days).</summary>
    public const int MaxPresignedExpirySeconds = 604800;

    /// <summary>
    /// Verifies the request for <paramref name="service"/>. <paramref name="payloadHash"/> is what the
    /// signer hashed: the body's SHA-256 for JSON services, or <c>x-amz-content-sha256</c> for S3.
    /// </summary>
    public async ValueTask<AuthenticationResult> VerifyAsync(HttpRequest request, string service, string payloadHash, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!AuthorizationHeader.TryParse(authorization, out var header, out var error))
            {
                return AuthenticationResult.Fail(AuthenticationFailure.Malformed, error);
            }

            var amzDate = request.Headers["X-Amz-Date"].ToString();
            if (amzDate.Length == 0)
            {
                amzDate = DateHeaderAsAmzDate(request.Headers.Date.ToString());
            }

            return await VerifyAsync(request, service, header, amzDate, payloadHash, expiresSeconds: null, cancellationToken);
        }

        var query = request.Query;
        if (query.ContainsKey("X-Amz-Signature") || query.ContainsKey("X-Amz-Credential"))
        {
            if (!PresignedQuery.TryParse(query, out var presigned, out var expires, out var error))
            {
                return AuthenticationResult.Fail(AuthenticationFailure.Malformed, error);
            }

            return await VerifyAsync(request, service, presigned, query["X-Amz-Date"].ToString(), payloadHash, expires, cancellationToken);
        }

        return AuthenticationResult.Fail(AuthenticationFailure.Missing, "The request is not signed: it has no Authorization header.");
    }

    private async ValueTask<AuthenticationResult> VerifyAsync(
        HttpRequest request,
        string service,
        AuthorizationHeader header,
        string amzDate,
        string payloadHash,
        int? expiresSeconds,
        CancellationToken cancellationToken)
    {
        if (header.Service != service)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed, $"Credential should be scoped to correct service: '{service}'.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var requestTime))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed, "The request has no valid X-Amz-Date.");
        }

        if (!amzDate.StartsWith(header.Date, StringComparison.Ordinal))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed, $"The credential's date {header.Date} is not the request's date {amzDate[..8]}.");
        }

        var now = clock.GetUtcNow();
        if (expiresSeconds is { } expires)
        {
            if (requestTime - now > MaxClockSkew)
            {
                return AuthenticationResult.Fail(AuthenticationFailure.RequestTimeTooSkewed, "The presigned URL is dated in the future.");
            }

            if (now > requestTime.AddSeconds(expires))
            {
                return AuthenticationResult.Fail(AuthenticationFailure.Expired, "The presigned URL has expired.");
            }
        }
        else if ((now - requestTime).Duration() > MaxClockSkew)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.RequestTimeTooSkewed, "The difference between the request time and the current time is too large.");
        }

        var credential = await credentials.ResolveAsync(header.AccessKeyId, cancellationToken);
        if (credential is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownAccessKey, "The security token included in the request is invalid.");
        }

        var canonicalRequest = BuildCanonicalRequest(request, header.SignedHeaders, service == "s3", expiresSeconds is not null, payloadHash);
        if (canonicalRequest is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed, "A signed header is missing from the request, or the signed headers do not include host.");
        }

        var signingKey = signingKeys.Get(header.AccessKeyId, credential.SecretAccessKey, header.Date, header.Region, service);
        var stringToSign = SigV4.BuildStringToSign(amzDate, header.Scope, canonicalRequest);
        var expected = SigV4.ComputeSignature(signingKey, stringToSign);
        if (!SigV4.SignaturesEqual(expected, header.Signature))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.SignatureMismatch, "The request signature we calculated does not match the signature you provided.");
        }

        return AuthenticationResult.Success(new SignedRequest(
            credential.Principal,
            header.Region,
            service,
            amzDate,
            header.Scope,
            header.Signature,
            signingKey,
            payloadHash,
            expiresSeconds is not null));
    }

    /// <summary>The canonical request from the request as received, or null when a signed header is absent.</summary>
    internal static string? BuildCanonicalRequest(HttpRequest request, string signedHeaders, bool isS3, bool isPresigned, string payloadHash)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? string.Empty : rawTarget[(question + 1)..];

        var names = signedHeaders.Split(';');
        var headers = new List<KeyValuePair<string, string>>(names.Length);
        var hasHost = false;
        foreach (var name in names)
        {
            string value;
            if (name == "host")
            {
                hasHost = true;
                value = request.Headers.Host.ToString();
            }
            else
            {
                var values = request.Headers[name];
                if (values.Count == 0)
                {
                    // Clients sign content-length even when a proxy or Kestrel reports it another way.
                    if (name == "content-length" && request.ContentLength is { } length)
                    {
                        value = length.ToString(CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        return null;
                    }
                }
                else
                {
                    value = values.Count == 1 ? SigV4.CanonicalHeaderValue(values[0]!) : string.Join(',', values.Select(v => SigV4.CanonicalHeaderValue(v!)));
                }
            }

            headers.Add(new(name, value));
        }

        if (!hasHost)
        {
            return null;
        }

        return SigV4.BuildCanonicalRequest(
            request.Method,
            SigV4.CanonicalUri(rawPath, isS3),
            SigV4.CanonicalQuery(rawQuery, isPresigned ? "X-Amz-Signature" : null),
            headers,
            signedHeaders,
            payloadHash);
    }

    private static string DateHeaderAsAmzDate(string date) =>
        DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? SigV4.FormatAmzDate(parsed)
            : string.Empty;
}
