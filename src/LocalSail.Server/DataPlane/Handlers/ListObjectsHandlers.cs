using System.Text;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListObjectsV2: prefix, delimiter, start-after, continuation token, max-keys and encoding-type=url.</summary>
internal sealed class ListObjectsV2Handler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListObjectsV2;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var maxKeys = S3Responses.ParseMax(context.Query("max-keys"), 1000, 1000);
        if (maxKeys is null)
        {
            return S3Error.InvalidArgument.WithMessage("max-keys must be a non-negative integer.");
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = S3Responses.Delimiter(context);
        var startAfter = context.Query("start-after");
        var token = context.Query("continuation-token");
        string? after = startAfter;
        if (token is not null)
        {
            after = DecodeToken(token);
            if (after is null)
            {
                return S3Error.InvalidArgument.WithMessage("The continuation token provided is incorrect.");
            }
        }

        var page = await objects.ListAsync(context.Bucket.Id, prefix, delimiter, string.IsNullOrEmpty(after) ? null : after, maxKeys.Value, context.Aborted);
        var listing = new Listing(
            context.Bucket.Name,
            prefix,
            delimiter,
            maxKeys.Value,
            context.Query("encoding-type") == "url",
            context.Query("fetch-owner") == "true" ? context.Bucket.Scope.AccountId : null,
            page);
        return await S3Responses.XmlAsync(context, (listing, token, startAfter), static (xml, state) =>
        {
            var (listing, token, startAfter) = state;
            var (page, urlEncoding) = (listing.Page, listing.UrlEncoding);
            xml.Root("ListBucketResult")
                .Element("Name", listing.Bucket)
                .Element("Prefix", S3Responses.Encode(listing.Prefix, urlEncoding))
                .Element("Delimiter", S3Responses.Encode(listing.Delimiter, urlEncoding))
                .Element("MaxKeys", listing.MaxKeys)
                .Element("KeyCount", page.Contents.Count + page.CommonPrefixes.Count)
                .Element("IsTruncated", page.IsTruncated)
                .Element("ContinuationToken", token)
                .Element("NextContinuationToken", page.IsTruncated ? EncodeToken(page.LastEntry!) : null)
                .Element("StartAfter", S3Responses.Encode(startAfter, urlEncoding))
                .Element("EncodingType", urlEncoding ? "url" : null);
            ListingXml.Contents(xml, page, urlEncoding, listing.Owner);
            xml.Close("ListBucketResult");
        });
    }

    public static string EncodeToken(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes(after));

    public static string? DecodeToken(string token)
    {
        // A token decoding to U+0000 is none this server issued: no key holds one (StorableText).
        var bytes = new byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out var written) && Encoding.UTF8.GetString(bytes, 0, written) is var after && !StorableText.HasNul(after)
            ? after
            : null;
    }
}

/// <summary>ListObjects (v1): prefix, delimiter, marker, max-keys and encoding-type=url.</summary>
internal sealed class ListObjectsHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListObjects;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var maxKeys = S3Responses.ParseMax(context.Query("max-keys"), 1000, 1000);
        if (maxKeys is null)
        {
            return S3Error.InvalidArgument.WithMessage("max-keys must be a non-negative integer.");
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = S3Responses.Delimiter(context);
        var marker = context.Query("marker");
        var page = await objects.ListAsync(context.Bucket.Id, prefix, delimiter, string.IsNullOrEmpty(marker) ? null : marker, maxKeys.Value, context.Aborted);
        var listing = new Listing(
            context.Bucket.Name, prefix, delimiter, maxKeys.Value, context.Query("encoding-type") == "url", context.Bucket.Scope.AccountId, page);
        return await S3Responses.XmlAsync(context, (listing, marker), static (xml, state) =>
        {
            var (listing, marker) = state;
            var (page, urlEncoding) = (listing.Page, listing.UrlEncoding);
            // ListObjects (v1) echoes the prefix as sent, even with encoding-type=url: clients decode the rest only.
            xml.Root("ListBucketResult")
                .Element("Name", listing.Bucket)
                .Element("Prefix", listing.Prefix)
                .Element("Marker", S3Responses.Encode(marker ?? string.Empty, urlEncoding))
                .Element("NextMarker", page.IsTruncated && !string.IsNullOrEmpty(listing.Delimiter) ? S3Responses.Encode(page.LastEntry, urlEncoding) : null)
                .Element("MaxKeys", listing.MaxKeys)
                .Element("Delimiter", S3Responses.Encode(listing.Delimiter, urlEncoding))
                .Element("IsTruncated", page.IsTruncated)
                .Element("EncodingType", urlEncoding ? "url" : null);
            ListingXml.Contents(xml, page, urlEncoding, listing.Owner);
            xml.Close("ListBucketResult");
        });
    }
}

/// <summary>What both listings show: the bucket, the request's parameters, the page and the owner to show (or null).</summary>
internal readonly record struct Listing(string Bucket, string Prefix, string? Delimiter, int MaxKeys, bool UrlEncoding, string? Owner, ListPage Page);

internal static class ListingXml
{
    public static void Contents(S3XmlBuilder xml, ListPage page, bool urlEncoding, string? owner)
    {
        foreach (var record in page.Contents)
        {
            xml.Open("Contents")
                .Element("Key", S3Responses.Encode(record.Key, urlEncoding))
                .Element("LastModified", record.LastModified)
                .QuotedElement("ETag", record.ETag)
                .Element("Size", record.Size);
            if (record.ChecksumAlgorithm is not null)
            {
                xml.Element("ChecksumAlgorithm", record.ChecksumAlgorithm).Element("ChecksumType", record.ChecksumType);
            }

            if (owner is not null)
            {
                S3Responses.Owner(xml, owner);
            }

            xml.Element("StorageClass", "STANDARD").Close("Contents");
        }

        foreach (var commonPrefix in page.CommonPrefixes)
        {
            xml.Open("CommonPrefixes").Element("Prefix", S3Responses.Encode(commonPrefix, urlEncoding)).Close("CommonPrefixes");
        }
    }
}
