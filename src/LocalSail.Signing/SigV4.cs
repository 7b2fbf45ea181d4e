using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LocalSail.Signing;

/// <summary>The AWS Signature Version 4 algorithm: canonical requests, strings to sign, keys and signatures.</summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>SHA-256 of the empty string, the payload hash of a request without a body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The basic timestamp format of <c>X-Amz-Date</c>.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(AmzDateFormat, System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        var kDate = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="stringToSign"/> under <paramref name="signingKey"/>.</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> signingKey, string stringToSign)
    {
        var length = Encoding.UTF8.GetByteCount(stringToSign);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(stringToSign, rented);
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(signingKey, rented.AsSpan(0, written), mac);
            return Convert.ToHexStringLower(mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string BuildStringToSign(string amzDate, string scope, string canonicalRequest) =>
        string.Concat(Algorithm, "\n", amzDate, "\n", scope, "\n", Sha256Hex(canonicalRequest));

    /// <summary>
    /// The canonical request. <paramref name="canonicalHeaders"/> are lower-case names with canonical values,
    /// in the order of <paramref name="signedHeaders"/>.
    /// </summary>
    public static string BuildCanonicalRequest(
        string method,
        string canonicalUri,
        string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> canonicalHeaders,
        string signedHeaders,
        string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// The canonical URI of a path as it was sent on the wire (still percent-encoded). Most services
    /// normalize the path and encode it a second time; S3 signs the single-encoded path as it is.
    /// </summary>
    public static string CanonicalUri(string rawPath, bool isS3)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        if (isS3)
        {
            return UriEncoding.Encode(UriEncoding.Decode(rawPath), encodeSlash: false);
        }

        return UriEncoding.Encode(NormalizePath(rawPath), encodeSlash: false);
    }

    /// <summary>Removes empty, "." and ".." segments, keeping a trailing slash, as RFC 3986 does.</summary>
    public static string NormalizePath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var normalized = "/" + string.Join('/', segments);
        if (segments.Count > 0 && (path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal)))
        {
            normalized += "/";
        }

        return normalized;
    }

    /// <summary>
    /// The canonical query string of a raw query (without the leading '?'): every pair decoded and
    /// re-encoded, sorted by name then value. <paramref name="excludedName"/> (the presigned
    /// <c>X-Amz-Signature</c>) is left out.
    /// </summary>
    public static string CanonicalQuery(string? rawQuery, string? excludedName = null)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        if (rawQuery[0] == '?')
        {
            rawQuery = rawQuery[1..];
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            var decodedName = UriEncoding.Decode(name);
            if (excludedName is not null && decodedName == excludedName)
            {
                continue;
            }

            pairs.Add((UriEncoding.Encode(decodedName, encodeSlash: true), UriEncoding.Encode(UriEncoding.Decode(value), encodeSlash: true)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder(rawQuery.Length + 16);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(pairs[i].Name).Append('=').Append(pairs[i].Value);
        }

        return builder.ToString();
    }

    /// <summary>A header value trimmed, with each run of spaces folded to one (multi-line values joined).</summary>
    public static string CanonicalHeaderValue(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IndexOfAny("  \t\r\n".AsSpan()) < 0)
        {
            return trimmed.Length == value.Length ? value : trimmed.ToString();
        }

        var builder = new StringBuilder(trimmed.Length);
        var inSpace = false;
        foreach (var c in trimmed)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (!inSpace)
                {
                    builder.Append(' ');
                    inSpace = true;
                }
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }

        return builder.ToString();
    }

    public static string Sha256Hex(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            return Sha256Hex(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares two signatures in time that does not depend on where they differ.</summary>
    public static bool SignaturesEqual(string expected, string actual)
    {
        if (expected.Length != actual.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()));
    }
}
