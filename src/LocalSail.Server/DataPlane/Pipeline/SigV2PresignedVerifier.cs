using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LocalSail.Server.Authentication;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// Presigned URLs of the older query form (<c>AWSAccessKeyId</c>, <c>Expires</c>, <c>Signature</c>:
/// HMAC-SHA1), which S3 still accepts and the AWS CLI v1's <c>aws s3 presign</c> produces by default.
/// </summary>
internal sealed class SigV2PresignedVerifier(ICredentialResolver credentials)
{
    // Query parameters that are part of the signed resource, as the signers list them.
    private static readonly string[] SignedSubresources =
    [
        "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires", "restore", "tagging", "torrent", "uploadId", "uploads", "versionId",
        "versioning", "versions", "website",
    ];

    public static bool IsPresignedV2(HttpRequest request) =>
        request.Query.ContainsKey("AWSAccessKeyId") && request.Query.ContainsKey("Signature");

    public async ValueTask<(SignedRequest? Signed, S3Error? Error)> VerifyAsync(HttpRequest request, string rawPath, S3Route route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!long.TryParse(query["Expires"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (null, S3Error.AccessDenied.WithMessage("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"));
        }

        if (now.ToUnixTimeSeconds() > expires)
        {
            return (null, S3Error.ExpiredToken);
        }

        var credential = await credentials.ResolveAsync(query["AWSAccessKeyId"].ToString(), cancellationToken);
        if (credential is null)
        {
            return (null, S3Error.InvalidAccessKeyId);
        }

        var stringToSign = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Headers.ContentMD5.ToString()).Append('\n')
            .Append(request.Headers.ContentType.ToString()).Append('\n')
            .Append(expires.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, value) in request.Headers
            .Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(',', h.Value.Select(v => v?.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            stringToSign.Append(name).Append(':').Append(value).Append('\n');
        }

        stringToSign.Append(route.VirtualHosted ? "/" + route.Bucket + rawPath : rawPath);
        var subresources = SignedSubresources.Where(query.ContainsKey).OrderBy(n => n, StringComparer.Ordinal).ToList();
        for (var i = 0; i < subresources.Count; i++)
        {
            stringToSign.Append(i == 0 ? '?' : '&').Append(subresources[i]);
            var value = query[subresources[i]].ToString();
            if (value.Length > 0)
            {
                stringToSign.Append('=').Append(value);
            }
        }

        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(credential.SecretAccessKey), Encoding.UTF8.GetBytes(stringToSign.ToString())));
        if (!SigV4.SignaturesEqual(expected, query["Signature"].ToString()))
        {
            return (null, S3Error.SignatureDoesNotMatch);
        }

        // No region or scope in this form; the endpoint fills the region in from the bucket.
        return (new SignedRequest(credential.Principal, string.Empty, "s3", string.Empty, string.Empty, string.Empty, [], SigV4.UnsignedPayload, IsPresigned: true), null);
    }
}
