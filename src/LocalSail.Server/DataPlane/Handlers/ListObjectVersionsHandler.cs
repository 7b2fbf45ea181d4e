using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListObjectVersions: every version and delete marker, by key then newest first.</summary>
public sealed class ListObjectVersionsHandler(IObjectMetadataStore metadata) : IS3Handler
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
        var delimiter = context.Query("delimiter");
        var keyMarker = context.Query("key-marker");
        var versionIdMarker = context.Query("version-id-marker");
        var urlEncoding = context.Query("encoding-type") == "url";
        string? afterKey = string.IsNullOrEmpty(keyMarker) ? null : keyMarker;

        // A key marker alone starts after every version of that key; with a version marker, after that version.
        long? beforeId = afterKey is null ? null : 0;
        if (afterKey is not null && !string.IsNullOrEmpty(versionIdMarker))
        {
            var markerVersion = await metadata.GetAsync(bucket.Id, afterKey, versionIdMarker, context.Aborted);
            if (markerVersion is null)
            {
                return S3Error.InvalidArgument.WithMessage("Invalid version id specified");
            }

            beforeId = markerVersion.Id;
        }

        var versions = new List<ObjectRecord>();
        var prefixes = new List<string>();
        var from = prefix;
        var truncated = false;
        string? lastKey = null;
        string? lastVersionId = null;
        while (versions.Count + prefixes.Count < maxKeys.Value + 1 && !truncated)
        {
            var batch = await metadata.ListVersionsAsync(bucket.Id, prefix, from, afterKey, beforeId, maxKeys.Value + 1, context.Aborted);
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

        var owner = bucket.Scope.AccountId;
        var xml = new S3XmlBuilder().Root("ListVersionsResult")
            .Element("Name", bucket.Name)
            .Element("Prefix", S3Responses.Encode(prefix, urlEncoding))
            .Element("KeyMarker", S3Responses.Encode(keyMarker ?? string.Empty, urlEncoding))
            .Element("VersionIdMarker", versionIdMarker ?? string.Empty)
            .Element("NextKeyMarker", truncated ? S3Responses.Encode(lastKey, urlEncoding) : null)
            .Element("NextVersionIdMarker", truncated ? lastVersionId : null)
            .Element("MaxKeys", maxKeys.Value)
            .Element("Delimiter", S3Responses.Encode(delimiter, urlEncoding))
            .Element("IsTruncated", truncated)
            .Element("EncodingType", urlEncoding ? "url" : null);
        foreach (var record in versions)
        {
            var element = record.IsDeleteMarker ? "DeleteMarker" : "Version";
            xml.Open(element)
                .Element("Key", S3Responses.Encode(record.Key, urlEncoding))
                .Element("VersionId", record.VersionId)
                .Element("IsLatest", record.IsLatest)
                .Element("LastModified", record.LastModified);
            if (!record.IsDeleteMarker)
            {
                xml.QuotedElement("ETag", record.ETag).Element("Size", record.Size).Element("StorageClass", "STANDARD");
            }

            S3Responses.Owner(xml, owner);
            xml.Close(element);
        }

        foreach (var commonPrefix in prefixes)
        {
            xml.Open("CommonPrefixes").Element("Prefix", S3Responses.Encode(commonPrefix, urlEncoding)).Close("CommonPrefixes");
        }

        xml.Close("ListVersionsResult");
        return await S3Responses.XmlAsync(context, xml);
    }
}
