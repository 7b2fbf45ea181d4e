using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Authentication;

/// <summary>Reads a presigned URL's X-Amz-* query parameters.</summary>
internal static class PresignedQuery
{
    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out AuthorizationHeader? header, out int expiresSeconds, out string error)
    {
        header = null;
        expiresSeconds = 0;
        if (query["X-Amz-Algorithm"].ToString() != SigV4.Algorithm)
        {
            error = "X-Amz-Algorithm must be AWS4-HMAC-SHA256.";
            return false;
        }

        var expires = query["X-Amz-Expires"].ToString();
        if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out expiresSeconds) || expiresSeconds < 1)
        {
            error = "X-Amz-Expires must be a positive number of seconds.";
            return false;
        }

        if (expiresSeconds > SigV4Verifier.MaxPresignedExpirySeconds)
        {
            error = "X-Amz-Expires must be less than a week (in seconds) that is 604800.";
            return false;
        }

        return AuthorizationHeader.TryCreate(
            query["X-Amz-Credential"].ToString(),
            query["X-Amz-SignedHeaders"].ToString(),
            query["X-Amz-Signature"].ToString(),
            out header,
            out error);
    }
}
