using System.Globalization;

namespace LocalSail.Server.DataPlane.Xml;

/// <summary>S3's time and ETag formats.</summary>
internal static class S3Format
{
    /// <summary>ISO 8601 with milliseconds, as in listings: 2026-01-02T03:04:05.000Z.</summary>
    public static string IsoTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 1123, as in Last-Modified.</summary>
    public static string HttpDate(DateTimeOffset value) => value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static string QuotedETag(string etag) => "\"" + etag + "\"";

    /// <summary>An ETag as a client sends it (quoted or not, or weak) without quotes.</summary>
    public static string UnquoteETag(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Trim('"');
    }

    public static bool TryParseHttpDate(string? value, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
}
