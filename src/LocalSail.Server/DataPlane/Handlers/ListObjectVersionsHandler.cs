using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListObjectVersions: every version and delete marker, by key then newest first.</summary>
internal sealed class ListObjectVersionsHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListObjectVersions;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var maxKeys = S3Responses.ParseMax(context.Query("max-keys"), 1000, 1000);
        if (maxKeys is null)
        {
            return S3Error.InvalidArgument.WithMessage("max-keys must be a non-negative integer.");
        }

        var bucket = context.Bucket;
        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = S3Responses.Delimiter(context);
        var keyMarker = context.Query("key-marker");
        var versionIdMarker = context.Query("version-id-marker");
        var urlEncoding = context.Query("encoding-type") == "url";
        string? afterKey = string.IsNullOrEmpty(keyMarker) ? null : keyMarker;

        // A key marker alone starts after every version of that key; with a version marker, after that version.
        // A version marker that was a version id but is gone (the page before was deleted, as S3's tools do
        // when they empty a bucket) starts at the key's newest remaining version: those were not listed yet.
        long? beforeId = afterKey is null ? null : 0;
        if (afterKey is not null && !string.IsNullOrEmpty(versionIdMarker))
        {
            if (!ObjectService.IsVersionId(versionIdMarker))
            {
                return S3Error.InvalidArgument.WithMessage("Invalid version id specified").With("ArgumentName", "version-id-marker").With("ArgumentValue", versionIdMarker);
            }

            var markerVersion = await objects.FindAsync(bucket.Id, afterKey, versionIdMarker, context.Aborted);
            beforeId = markerVersion?.Id;
        }

        var versions = new List<ObjectRecord>();
        var prefixes = new List<string>();
        var from = prefix;
        var truncated = false;
        string? lastKey = null;
        string? lastVersionId = null;
        while (versions.Count + prefixes.Count < maxKeys.Value + 1 && !truncated)
        {
            var batch = await objects.ListVersionsAsync(bucket.Id, prefix, from, afterKey, beforeId, maxKeys.Value + 1, context.Aborted);
            if (batch.Count == 0)
            {
                break;
            }

            var seeked = false;
            foreach (var record in batch)
            {
                if (versions.Count + prefixes.Count == maxKeys.Value)
                {
                    truncated = true;
                    break;
                }

                var index = string.IsNullOrEmpty(delimiter) ? -1 : record.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (index >= 0)
                {
                    var commonPrefix = record.Key[..(index + delimiter!.Length)];
                    if (keyMarker is null || string.CompareOrdinal(commonPrefix, keyMarker) > 0)
                    {
                        prefixes.Add(commonPrefix);
                        lastKey = commonPrefix;
                        lastVersionId = null;
                    }

                    var end = KeyOrder.PrefixEnd(commonPrefix);
                    if (end is null)
                    {
                        break;
                    }

                    from = end;
                    afterKey = null;
                    beforeId = null;
                    seeked = true;
                    break;
                }

                versions.Add(record);
                lastKey = record.Key;
                lastVersionId = record.VersionId;
                afterKey = record.Key;
                beforeId = record.Id;
            }

            if (!seeked && batch.Count < maxKeys.Value + 1)
            {
                break;
            }
        }

        var page = new VersionPage(
            bucket.Name, bucket.Scope.AccountId, prefix, delimiter, keyMarker, versionIdMarker, maxKeys.Value, urlEncoding,
            truncated, lastKey, lastVersionId, versions, prefixes);
        return await S3Responses.XmlAsync(context, page, static (xml, reply) => reply.Write(xml));
    }

    /// <summary>A page of versions and what its answer shows of the request.</summary>
    private sealed record VersionPage(
        string Bucket,
        string Owner,
        string Prefix,
        string? Delimiter,
        string? KeyMarker,
        string? VersionIdMarker,
        int MaxKeys,
        bool UrlEncoding,
        bool Truncated,
        string? LastKey,
        string? LastVersionId,
        List<ObjectRecord> Versions,
        List<string> Prefixes)
    {
        public void Write(S3XmlBuilder xml)
        {
            xml.Root("ListVersionsResult")
                .Element("Name", Bucket)
                .Element("Prefix", S3Responses.Encode(Prefix, UrlEncoding))
                .Element("KeyMarker", S3Responses.Encode(KeyMarker ?? string.Empty, UrlEncoding))
                .Element("VersionIdMarker", VersionIdMarker ?? string.Empty)
                .Element("NextKeyMarker", Truncated ? S3Responses.Encode(LastKey, UrlEncoding) : null)
                .Element("NextVersionIdMarker", Truncated ? LastVersionId : null)
                .Element("MaxKeys", MaxKeys)
                .Element("Delimiter", S3Responses.Encode(Delimiter, UrlEncoding))
                .Element("IsTruncated", Truncated)
                .Element("EncodingType", UrlEncoding ? "url" : null);
            foreach (var record in Versions)
            {
                var element = record.IsDeleteMarker ? "DeleteMarker" : "Version";
                xml.Open(element)
                    .Element("Key", S3Responses.Encode(record.Key, UrlEncoding))
                    .Element("VersionId", record.VersionId)
                    .Element("IsLatest", record.IsLatest)
                    .Element("LastModified", record.LastModified);
                if (!record.IsDeleteMarker)
                {
                    xml.QuotedElement("ETag", record.ETag).Element("Size", record.Size).Element("StorageClass", "STANDARD");
                }

                S3Responses.Owner(xml, Owner);
                xml.Close(element);
            }

            foreach (var commonPrefix in Prefixes)
            {
                xml.Open("CommonPrefixes").Element("Prefix", S3Responses.Encode(commonPrefix, UrlEncoding)).Close("CommonPrefixes");
            }

            xml.Close("ListVersionsResult");
        }
    }
}
