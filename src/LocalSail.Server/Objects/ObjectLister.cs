namespace LocalSail.Server.Objects;

/// <summary>One page of a listing: keys and common prefixes in order, whether more follow, and the last entry.</summary>
internal sealed record ListPage(IReadOnlyList<ObjectRecord> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastEntry);

/// <summary>
/// Lists a page of keys with S3's prefix, delimiter and marker rules as range scans of the key index:
/// a page reads at most max-keys + 1 rows per scan, and each common prefix costs one seek past it,
/// so its cost does not grow with the number of objects in the bucket.
/// </summary>
internal static class ObjectLister
{
    public static async Task<ListPage> ListAsync(
        IObjectMetadataStore metadata, string bucketId, string prefix, string? delimiter, string? after, int maxKeys, CancellationToken cancellationToken)
    {
        var contents = new List<ObjectRecord>();
        var prefixes = new List<string>();
        if (maxKeys <= 0)
        {
            return new ListPage(contents, prefixes, false, null);
        }

        var from = prefix;
        var cursor = after;
        string? last = null;
        while (true)
        {
            var requested = maxKeys - contents.Count - prefixes.Count + 1;
            var batch = await metadata.ListAsync(bucketId, prefix, from, cursor, requested, cancellationToken);
            if (batch.Count == 0)
            {
                return new ListPage(contents, prefixes, false, last);
            }

            var seeked = false;
            foreach (var record in batch)
            {
                string? commonPrefix = null;
                if (!string.IsNullOrEmpty(delimiter))
                {
                    var index = record.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                    if (index >= 0)
                    {
                        commonPrefix = record.Key[..(index + delimiter.Length)];
                    }
                }

                if (contents.Count + prefixes.Count == maxKeys)
                {
                    // One more entry exists past the page (a rolled-up prefix already emitted was skipped above).
                    return new ListPage(contents, prefixes, true, last);
                }

                if (commonPrefix is null)
                {
                    contents.Add(record);
                    last = record.Key;
                    cursor = record.Key;
                    continue;
                }

                if (after is null || string.CompareOrdinal(commonPrefix, after) > 0)
                {
                    prefixes.Add(commonPrefix);
                    last = commonPrefix;
                }

                // Skip every other key under this prefix with one seek.
                var end = KeyOrder.PrefixEnd(commonPrefix);
                if (end is null)
                {
                    return new ListPage(contents, prefixes, false, last);
                }

                from = end;
                seeked = true;
                break;
            }

            if (!seeked && batch.Count < requested)
            {
                return new ListPage(contents, prefixes, false, last);
            }
        }
    }
}
