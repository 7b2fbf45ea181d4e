using System.Text;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListObjectsV2: prefix, delimiter, start-after, continuation token, max-keys and encoding-type=url.</summary>
public sealed class ListObjectsV2Handler(IObjectMetadataStore metadata) : IS3Handler
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
        var delimiter = context.Query("delimiter");
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

        var urlEncoding = context.Query("encoding-type") == "url";
        var page = await ObjectLister.ListAsync(metadata, context.Bucket.Id, prefix, delimiter, string.IsNullOrEmpty(after) ? null : after, maxKeys.Value, context.Aborted);
        var fetchOwner = context.Query("fetch-owner") == "true";
        var xml = new S3XmlBuilder().Root("ListBucketResult")
            .Element("Name", context.Bucket.Name)
            .Element("Prefix", S3Responses.Encode(prefix, urlEncoding))
            .Element("Delimiter", S3Responses.Encode(delimiter, urlEncoding))
            .Element("MaxKeys", maxKeys.Value)
            .Element("KeyCount", page.Contents.Count + page.CommonPrefixes.Count)
            .Element("IsTruncated", page.IsTruncated)
            .Element("ContinuationToken", token)
            .Element("NextContinuationToken", page.IsTruncated ? EncodeToken(page.LastEntry!) : null)
            .Element("StartAfter", S3Responses.Encode(startAfter, urlEncoding))
            .Element("EncodingType", urlEncoding ? "url" : null);
        ListingXml.Contents(xml, page, urlEncoding, fetchOwner ? context.Bucket.Scope.AccountId : null);
        xml.Close("ListBucketResult");
        return await S3Responses.XmlAsync(context, xml);
    }

    public static string EncodeToken(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes(after));

    public static string? DecodeToken(string token)
    {
        var bytes = new byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}

/// <summary>ListObjects (v1): prefix, delimiter, marker, max-keys and encoding-type=url.</summary>
public sealed class ListObjectsHandler(IObjectMetadataStore metadata) : IS3Handler
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
        var delimiter = context.Query("delimiter");
        var marker = context.Query("marker");
        var urlEncoding = context.Query("encoding-type") == "url";
        var page = await ObjectLister.ListAsync(metadata, context.Bucket.Id, prefix, delimiter, string.IsNullOrEmpty(marker) ? null : marker, maxKeys.Value, context.Aborted);
        var xml = new S3XmlBuilder().Root("ListBucketResult")
            .Element("Name", context.Bucket.Name)
            .Element("Prefix", S3Responses.Encode(prefix, urlEncoding))
            .Element("Marker", S3Responses.Encode(marker ?? string.Empty, urlEncoding))
            .Element("NextMarker", page.IsTruncated && !string.IsNullOrEmpty(delimiter) ? S3Responses.Encode(page.LastEntry, urlEncoding) : null)
            .Element("MaxKeys", maxKeys.Value)
            .Element("Delimiter", S3Responses.Encode(delimiter, urlEncoding))
            .Element("IsTruncated", page.IsTruncated)
            .Element("EncodingType", urlEncoding ? "url" : null);
        ListingXml.Contents(xml, page, urlEncoding, context.Bucket.Scope.AccountId);
        xml.Close("ListBucketResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}

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
