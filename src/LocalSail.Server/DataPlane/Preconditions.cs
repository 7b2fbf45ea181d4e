using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since, evaluated as S3 does.</summary>
internal static class Preconditions
{
    /// <summary>
    /// PreconditionFailed, NotModified (for reads) or null to proceed. <paramref name="prefix"/> is
    /// <c>x-amz-copy-source-</c> for a copy's source conditions.
    /// </summary>
    public static S3Error? Evaluate(IHeaderDictionary headers, ObjectRecord record, bool isRead, string prefix = "")
    {
        var ifMatch = headers[prefix + "If-Match"].ToString();
        var ifNoneMatch = headers[prefix + "If-None-Match"].ToString();
        var ifModifiedSince = headers[prefix + "If-Modified-Since"].ToString();
        var ifUnmodifiedSince = headers[prefix + "If-Unmodified-Since"].ToString();
        var lastModified = TruncateToSeconds(record.LastModified);

        if (ifMatch.Length > 0)
        {
            if (!ETagMatches(ifMatch, record.ETag))
            {
                return S3Error.PreconditionFailed.With("Condition", "If-Match");
            }
        }
        else if (ifUnmodifiedSince.Length > 0 && S3Format.TryParseHttpDate(ifUnmodifiedSince, out var unmodified) && lastModified > unmodified)
        {
            return S3Error.PreconditionFailed.With("Condition", "If-Unmodified-Since");
        }

        if (ifNoneMatch.Length > 0)
        {
            if (ETagMatches(ifNoneMatch, record.ETag))
            {
                return isRead ? S3Error.NotModified : S3Error.PreconditionFailed.With("Condition", "If-None-Match");
            }
        }
        else if (ifModifiedSince.Length > 0 && S3Format.TryParseHttpDate(ifModifiedSince, out var modified) && lastModified <= modified)
        {
            return isRead ? S3Error.NotModified : S3Error.PreconditionFailed.With("Condition", "If-Modified-Since");
        }

        return null;
    }

    private static bool ETagMatches(string header, string etag)
    {
        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || S3Format.UnquoteETag(candidate) == etag)
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}
