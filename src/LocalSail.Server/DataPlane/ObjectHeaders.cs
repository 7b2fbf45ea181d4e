using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>The headers an object keeps (standard ones and x-amz-meta-*), its ACL and tags, read and written.</summary>
internal static class ObjectHeaders
{
    public const string DefaultContentType = "binary/octet-stream";

    private static readonly string[] Standard = ["Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];

    /// <summary>The standard headers and user metadata of a request that writes an object.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromRequest(HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in Standard)
        {
            var value = request.Headers[name].ToString();
            if (name == "Content-Encoding")
            {
                value = string.Join(',', value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                headers.Add(new(name, value));
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                // Stored decoded, as S3 stores it; encoded again on the way out when it is not US-ASCII.
                headers.Add(new(name.ToLowerInvariant(), EncodedWords.Decode(values.ToString())));
            }
        }

        return headers;
    }

    /// <summary>
    /// The standard headers and user metadata among a POST form's fields (whose names are compared without regard
    /// to case), kept under the names a PUT would have given them.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromFields(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in Standard)
        {
            var field = fields.FirstOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (field.Value is { Length: > 0 } value)
            {
                headers.Add(new(name, value));
            }
        }

        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(UserMetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(name.ToLowerInvariant(), value));
            }
        }

        return headers;
    }

    /// <summary>The size of user metadata among a POST form's fields, as S3 measures it against <see cref="MaxUserMetadataBytes"/>.</summary>
    public static int UserMetadataSize(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var size = 0;
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(UserMetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                size += System.Text.Encoding.UTF8.GetByteCount(name.AsSpan(UserMetadataPrefix.Length)) + System.Text.Encoding.UTF8.GetByteCount(value);
            }
        }

        return size;
    }

    /// <summary>S3's limit on user metadata: the UTF-8 bytes of every x-amz-meta-* name (without the prefix) and value.</summary>
    public const int MaxUserMetadataBytes = 2048;

    private const string UserMetadataPrefix = "x-amz-meta-";

    /// <summary>The size of a request's user metadata, as S3 measures it against <see cref="MaxUserMetadataBytes"/>.</summary>
    public static int UserMetadataSize(HttpRequest request)
    {
        var size = 0;
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(UserMetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                size += System.Text.Encoding.UTF8.GetByteCount(name.AsSpan(UserMetadataPrefix.Length));
                foreach (var value in values)
                {
                    size += System.Text.Encoding.UTF8.GetByteCount(value ?? string.Empty);
                }
            }
        }

        return size;
    }

    /// <summary>
    /// The canned ACL (<c>x-amz-acl</c>) and tags (<c>x-amz-tagging</c>) a new object asks for, or the error that
    /// refuses them: what PutObject and CreateMultipartUpload both read before anything else.
    /// </summary>
    public static (string Acl, IReadOnlyList<KeyValuePair<string, string>> Tags, S3Error? Error) NewObjectSettingsFrom(HttpRequest request)
    {
        if (AclFromRequest(request) is not { } acl)
        {
            return (string.Empty, [], S3Error.InvalidArgument.WithMessage("x-amz-acl is not a canned ACL."));
        }

        return TagsFromRequest(request) is { } tags ? (acl, tags, null) : (acl, [], S3Error.InvalidTag);
    }

    /// <summary>
    /// The canned ACL of x-amz-acl as LocalSail keeps it: public-read when it lets everyone read, else
    /// private (the default); null for a name that is not a canned ACL.
    /// </summary>
    public static string? AclFromRequest(HttpRequest request) => CannedAcl(request.Headers["x-amz-acl"].ToString());

    /// <summary>A canned ACL's name as LocalSail keeps it (see <see cref="AclFromRequest"/>); null for another name.</summary>
    public static string? CannedAcl(string acl) =>
        acl switch
        {
            "" or ObjectAcl.Private or "authenticated-read" or "aws-exec-read" or "bucket-owner-read" or "bucket-owner-full-control" => ObjectAcl.Private,
            ObjectAcl.PublicRead or "public-read-write" => ObjectAcl.PublicRead,
            _ => null,
        };

    /// <summary>Tags from the x-amz-tagging header (a query string); null when malformed.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? TagsFromRequest(HttpRequest request)
    {
        var tagging = request.Headers["x-amz-tagging"].ToString();
        if (tagging.Length == 0)
        {
            return [];
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var pair in tagging.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            tags.Add(new(key, value));
        }

        return TagsValid(tags) ? tags : null;
    }

    public static bool TagsValid(IReadOnlyList<KeyValuePair<string, string>> tags) =>
        tags.Count <= 10
        && tags.All(t => t.Key.Length is > 0 and <= 128 && t.Value.Length <= 256 && !StorableText.HasNul(t.Key) && !StorableText.HasNul(t.Value))
        && tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() == tags.Count;

    /// <summary>If-Match and If-None-Match of a write, each an ETag without quotes or <c>*</c>.</summary>
    public static WriteConditions WriteConditionsFrom(HttpRequest request)
    {
        var headers = request.Headers;
        if (!headers.ContainsKey("If-Match") && !headers.ContainsKey("If-None-Match"))
        {
            return default;
        }

        return new WriteConditions(Condition(headers["If-Match"]), Condition(headers["If-None-Match"]));

        static string? Condition(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0
            ? null
            : values[0]!.Trim() == WriteConditions.Any ? WriteConditions.Any : S3Format.UnquoteETag(values[0]!);
    }

    /// <summary>
    /// The conditions of a DeleteObject: If-Match, <c>x-amz-if-match-last-modified-time</c> (an HTTP date) and
    /// <c>x-amz-if-match-size</c>; none without those headers, or InvalidArgument for a value that is not one.
    /// </summary>
    public static (DeleteConditions Conditions, S3Error? Error) DeleteConditionsFrom(HttpRequest request)
    {
        var headers = request.Headers;
        if (!headers.ContainsKey("If-Match") && !headers.ContainsKey("x-amz-if-match-last-modified-time") && !headers.ContainsKey("x-amz-if-match-size"))
        {
            return default;
        }

        string? ifMatch = headers["If-Match"].ToString() is { Length: > 0 } etag
            ? etag.Trim() == WriteConditions.Any ? WriteConditions.Any : S3Format.UnquoteETag(etag.Trim())
            : null;
        DateTimeOffset? lastModified = null;
        if (headers["x-amz-if-match-last-modified-time"].ToString() is { Length: > 0 } time)
        {
            if (!S3Format.TryParseHttpDate(time, out var parsed))
            {
                return (default, S3Error.InvalidArgument.WithMessage("x-amz-if-match-last-modified-time is not a date.")
                    .With("ArgumentName", "x-amz-if-match-last-modified-time").With("ArgumentValue", time));
            }

            lastModified = parsed;
        }

        long? size = null;
        if (headers["x-amz-if-match-size"].ToString() is { Length: > 0 } sizeText)
        {
            if (!long.TryParse(sizeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return (default, S3Error.InvalidArgument.WithMessage("x-amz-if-match-size is not a size.")
                    .With("ArgumentName", "x-amz-if-match-size").With("ArgumentValue", sizeText));
            }

            size = parsed;
        }

        return (new DeleteConditions(ifMatch, lastModified, size), null);
    }

    /// <summary>Writes the headers GetObject and HeadObject return for <paramref name="record"/>.</summary>
    public static void Write(HttpResponse response, ObjectRecord record, BucketRecord bucket, bool includeChecksum)
    {
        var headers = response.Headers;
        headers.ETag = S3Format.QuotedETag(record.ETag);
        headers.LastModified = S3Format.HttpDate(record.LastModified);
        headers.AcceptRanges = "bytes";
        var hasContentType = false;
        foreach (var (name, value) in record.Headers)
        {
            headers[name] = ForResponse(value);
            hasContentType |= name == "Content-Type";
        }

        if (!hasContentType)
        {
            headers.ContentType = DefaultContentType;
        }

        WriteVersionId(response, record, bucket);
        if (record.Tags.Count > 0)
        {
            headers["x-amz-tagging-count"] = record.Tags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (includeChecksum && record.ChecksumAlgorithm is not null && record.ChecksumValue is not null)
        {
            headers[ChecksumAlgorithms.HeaderName(record.ChecksumAlgorithm)] = record.ChecksumValue;
            if (record.ChecksumType is not null)
            {
                headers["x-amz-checksum-type"] = record.ChecksumType;
            }
        }
    }

    /// <summary>
    /// A header value as it can go on the wire: as it is when it is visible ASCII; otherwise (UTF-8 text,
    /// control characters) encoded as RFC 2047 says, <c>=?UTF-8?B?...?=</c>, as S3 returns user metadata
    /// that is not US-ASCII. A request may carry such values; an answer may not.
    /// </summary>
    public static string ForResponse(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return "=?UTF-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) + "?=";
            }
        }

        return value;
    }

    public static void WriteVersionId(HttpResponse response, ObjectRecord record, BucketRecord bucket)
    {
        if (bucket.Versioning != VersioningState.Unversioned || record.IsVersioned)
        {
            response.Headers["x-amz-version-id"] = record.VersionId;
        }
    }
}
