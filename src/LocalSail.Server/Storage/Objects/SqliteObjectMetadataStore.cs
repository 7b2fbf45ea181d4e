using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Object metadata in SQLite. It stores and finds rows and applies a key's change in one transaction of the
/// group commit (<see cref="SqliteDatabase.WriteAsync{TState, T}"/>); the change itself is decided elsewhere.
/// Listing pages and single-object reads go straight through SQLite's statement API (<see cref="SqliteRowReader"/>),
/// a listing page is one range scan of an index on (bucket, key), and a small object's bytes live in its row.
/// Every statement is parameterized.
/// </summary>
internal sealed class SqliteObjectMetadataStore(SqliteDatabase database) : IObjectMetadataStore
{
    // Rows removed per transaction when a deleted bucket's contents are purged.
    private const int PurgeBatchSize = 10_000;

    private const string Columns =
        "id, bucket_id, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, blob, headers, acl, tags, checksum_algorithm, checksum_value, checksum_type, part_sizes";

    // Single-object reads add the inline bytes; listings keep to Columns and never touch them.
    private const string ColumnsWithInlineData = Columns + ", inline_data, encryption";

    // What a listing shows of each key. Every column read is a native call, and a page reads 1,000 rows.
    private const string ListingColumns = "key, size, etag, last_modified, checksum_algorithm, checksum_type";

    private const string ReadLatestSql = $"SELECT {Columns} FROM s3_objects WHERE bucket_id = $bucket AND key = $key AND is_latest = 1";
    private const string ReadLatestWithInlineDataSql = $"SELECT {ColumnsWithInlineData} FROM s3_objects WHERE bucket_id = $bucket AND key = $key AND is_latest = 1";
    private const string ReadVersionSql = $"SELECT {Columns} FROM s3_objects WHERE bucket_id = $bucket AND key = $key AND version_id = $version";
    private const string ReadVersionWithInlineDataSql = $"SELECT {ColumnsWithInlineData} FROM s3_objects WHERE bucket_id = $bucket AND key = $key AND version_id = $version";

    private const string ReadNewestBeforeSql = $"SELECT {Columns} FROM s3_objects WHERE bucket_id = $bucket AND key = $key AND id < $id ORDER BY id DESC LIMIT 1";

    private const string UploadColumns = "upload_id, bucket_id, key, initiated, headers, acl, tags, checksum_algorithm, checksum_type, encryption";

    public ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        return new ValueTask<ObjectRecord?>(Read(connection, bucketId, key, versionId, withInlineData: true));
    }

    public Task<TResult> ChangeKeyAsync<TState, TResult>(
        string bucketId, string key, TState state, Func<KeyVersions, TState, TResult> decide, CancellationToken cancellationToken) =>
        database.WriteAsync(
            new KeyChange<TState, TResult>(bucketId, key, state, decide),
            static (connection, transaction, change) => change.Run(connection, transaction),
            cancellationToken);

    /// <summary>A page of current keys: a range scan of the partial index on (bucket_id, key).</summary>
    // One lower bound only: SQLite seeks on one, and a second would be checked row by row from the first,
    // making a page after key k cost k index entries. The listing index skips old versions and markers.
    internal const string ListFromSql =
        $"SELECT {ListingColumns} FROM s3_objects INDEXED BY s3_objects_listing WHERE bucket_id = $bucket AND is_latest = 1 AND is_delete_marker = 0 " +
        "AND key >= $lower AND key < $end ORDER BY key LIMIT $limit";

    internal const string ListAfterSql =
        $"SELECT {ListingColumns} FROM s3_objects INDEXED BY s3_objects_listing WHERE bucket_id = $bucket AND is_latest = 1 AND is_delete_marker = 0 " +
        "AND key > $lower AND key < $end ORDER BY key LIMIT $limit";

    public Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken)
    {
        var inclusive = string.CompareOrdinal(from, prefix) > 0 ? from : prefix;
        var exclusive = after is not null && string.CompareOrdinal(after, inclusive) >= 0;
        using var connection = database.OpenRead();
        using var rows = SqliteDatabase.Rows(connection, exclusive ? ListAfterSql : ListFromSql);
        rows.Bind("$bucket", bucketId);
        rows.Bind("$lower", exclusive ? after! : inclusive);
        // Without a prefix the range ends at the largest code point, so the scan stays one bounded range.
        rows.Bind("$end", KeyOrder.PrefixEnd(prefix) ?? "\U0010FFFF");
        rows.Bind("$limit", limit);
        var records = new List<ObjectRecord>(Math.Min(limit, 1024));
        while (rows.Read())
        {
            records.Add(new ObjectRecord
            {
                BucketId = bucketId,
                Key = rows.GetString(0)!,
                Size = rows.GetInt64(1),
                ETag = rows.GetString(2)!,
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(3)),
                ChecksumAlgorithm = rows.GetString(4),
                ChecksumType = rows.GetString(5),
            });
        }

        return Task.FromResult<IReadOnlyList<ObjectRecord>>(records);
    }

    public Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var rows = SqliteDatabase.Rows(connection,
            $"SELECT {Columns} FROM s3_objects WHERE bucket_id = $bucket AND key >= $from AND ($end IS NULL OR key < $end) " +
            "AND (key > $afterKey OR (key = $afterKey AND id < $beforeId)) ORDER BY key, id DESC LIMIT $limit");
        rows.Bind("$bucket", bucketId);
        // Every row wanted has key >= afterKey too: seek there rather than scan from the prefix.
        var lower = string.CompareOrdinal(from, prefix) > 0 ? from : prefix;
        if (afterKey is not null && string.CompareOrdinal(afterKey, lower) > 0)
        {
            lower = afterKey;
        }

        rows.Bind("$from", lower);
        rows.Bind("$end", KeyOrder.PrefixEnd(prefix));
        rows.Bind("$afterKey", afterKey ?? string.Empty);
        rows.Bind("$beforeId", beforeId ?? long.MaxValue);
        rows.Bind("$limit", limit);
        var records = new List<ObjectRecord>();
        while (rows.Read())
        {
            records.Add(Map(rows));
        }

        return Task.FromResult<IReadOnlyList<ObjectRecord>>(records);
    }

    public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = SqliteDatabase.Command(connection,
                $"INSERT INTO s3_uploads ({UploadColumns}) VALUES ($id, $bucket, $key, $initiated, $headers, $acl, $tags, $algorithm, $type, $encryption)",
                transaction);
            command.Parameters.AddWithValue("$id", upload.UploadId);
            command.Parameters.AddWithValue("$bucket", upload.BucketId);
            command.Parameters.AddWithValue("$key", upload.Key);
            command.Parameters.AddWithValue("$initiated", upload.Initiated.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$headers", HeaderListCodec.Encode(upload.Headers));
            command.Parameters.AddWithValue("$acl", upload.Acl);
            command.Parameters.AddWithValue("$tags", HeaderListCodec.Encode(upload.Tags));
            command.Parameters.AddWithValue("$algorithm", (object?)upload.ChecksumAlgorithm ?? DBNull.Value);
            command.Parameters.AddWithValue("$type", (object?)upload.ChecksumType ?? DBNull.Value);
            command.Parameters.AddWithValue("$encryption", (object?)upload.Encryption?.Encode() ?? DBNull.Value);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<UploadRecord?> FindUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        return Task.FromResult(ReadUpload(connection, null, bucketId, uploadId));
    }

    public Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken) =>
        database.WriteAsync<(bool, string?)>((connection, transaction) =>
        {
            using (var exists = SqliteDatabase.Command(connection, "SELECT 1 FROM s3_uploads WHERE upload_id = $id", transaction))
            {
                exists.Parameters.AddWithValue("$id", part.UploadId);
                if (exists.ExecuteScalar() is null)
                {
                    return (false, null);
                }
            }

            string? replaced;
            using (var old = SqliteDatabase.Command(connection, "SELECT blob FROM s3_parts WHERE upload_id = $id AND part_number = $n", transaction))
            {
                old.Parameters.AddWithValue("$id", part.UploadId);
                old.Parameters.AddWithValue("$n", part.PartNumber);
                replaced = old.ExecuteScalar() as string;
            }

            using var upsert = SqliteDatabase.Command(connection,
                "INSERT OR REPLACE INTO s3_parts (upload_id, part_number, size, etag, last_modified, blob, checksum_value) VALUES ($id, $n, $size, $etag, $modified, $blob, $checksum)",
                transaction);
            upsert.Parameters.AddWithValue("$id", part.UploadId);
            upsert.Parameters.AddWithValue("$n", part.PartNumber);
            upsert.Parameters.AddWithValue("$size", part.Size);
            upsert.Parameters.AddWithValue("$etag", part.ETag);
            upsert.Parameters.AddWithValue("$modified", part.LastModified.ToUnixTimeMilliseconds());
            upsert.Parameters.AddWithValue("$blob", part.Blob);
            upsert.Parameters.AddWithValue("$checksum", (object?)part.ChecksumValue ?? DBNull.Value);
            upsert.ExecuteNonQuery();
            return (true, replaced);
        }, cancellationToken);

    public Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        return Task.FromResult(ReadParts(connection, null, uploadId, afterPartNumber, limit));
    }

    public Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {UploadColumns} FROM s3_uploads WHERE bucket_id = $bucket AND key >= $prefix AND ($end IS NULL OR key < $end) " +
            "AND (key > $afterKey OR (key = $afterKey AND upload_id > $afterUpload)) ORDER BY key, upload_id LIMIT $limit");
        command.Parameters.AddWithValue("$bucket", bucketId);
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$end", (object?)KeyOrder.PrefixEnd(prefix) ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterKey", afterKey ?? string.Empty);
        command.Parameters.AddWithValue("$afterUpload", afterUploadId ?? (afterKey is null ? string.Empty : "\uffff"));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var uploads = new List<UploadRecord>();
        while (reader.Read())
        {
            uploads.Add(MapUpload(reader));
        }

        return Task.FromResult<IReadOnlyList<UploadRecord>>(uploads);
    }

    public Task<IReadOnlyList<string>?> RemoveUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<string>?>((connection, transaction) =>
        {
            if (ReadUpload(connection, transaction, bucketId, uploadId) is not { } upload || upload.Key != key)
            {
                return null;
            }

            var parts = ReadParts(connection, transaction, uploadId, 0, int.MaxValue);
            Execute(connection, transaction, "DELETE FROM s3_uploads WHERE upload_id = $id", ("$id", uploadId));
            return parts.Select(p => p.Blob).ToList();
        }, cancellationToken);

    public Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            "SELECT COUNT(*), COALESCE(SUM(size), 0), (SELECT COUNT(*) FROM s3_uploads WHERE bucket_id = $bucket) FROM s3_objects WHERE bucket_id = $bucket AND is_delete_marker = 0");
        command.Parameters.AddWithValue("$bucket", bucketId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new BucketUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    public async Task PurgeAsync(string bucketId, CancellationToken cancellationToken)
    {
        // In batches: one transaction per batch keeps the writer free for other requests meanwhile, and a
        // purge cut short is simply continued (the bucket stays listed as deleted until it is done).
        while (await database.WriteAsync((connection, transaction) => PurgeBatch(connection, transaction, bucketId), cancellationToken) > 0)
        {
        }
    }

    private static int PurgeBatch(SqliteConnection connection, SqliteTransaction transaction, string bucketId)
    {
        var removed = ExecuteCount(connection, transaction,
            $"DELETE FROM s3_objects WHERE id IN (SELECT id FROM s3_objects WHERE bucket_id = $bucket LIMIT {PurgeBatchSize})", ("$bucket", bucketId));
        if (removed > 0)
        {
            return removed;
        }

        // Parts go with their upload (ON DELETE CASCADE).
        return ExecuteCount(connection, transaction,
            $"DELETE FROM s3_uploads WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket_id = $bucket LIMIT {PurgeBatchSize / 100})", ("$bucket", bucketId));
    }

    public Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            "SELECT DISTINCT bucket_id FROM s3_objects UNION SELECT DISTINCT bucket_id FROM s3_uploads");
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    public Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            "SELECT EXISTS (SELECT 1 FROM s3_objects WHERE bucket_id = $bucket AND blob = $blob) " +
            "OR EXISTS (SELECT 1 FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket_id = $bucket AND p.blob = $blob)");
        command.Parameters.AddWithValue("$bucket", bucketId);
        command.Parameters.AddWithValue("$blob", blob);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0);
    }

    /// <summary>Writes what a decision recorded. The latest mark moves first, so that one version of a key at most holds it.</summary>
    private static void Apply(SqliteConnection connection, SqliteTransaction transaction, KeyVersions change)
    {
        foreach (var removed in change.Removed)
        {
            Execute(connection, transaction, "DELETE FROM s3_objects WHERE id = $id", ("$id", removed.Id));
        }

        if (change.RemovedUpload is { } upload)
        {
            // Parts go with their upload (ON DELETE CASCADE).
            Execute(connection, transaction, "DELETE FROM s3_uploads WHERE upload_id = $id", ("$id", upload.UploadId));
        }

        var inserted = change.Inserted;
        if (inserted is { IsLatest: true } || change.MarkedLatest is not null)
        {
            Execute(connection, transaction, "UPDATE s3_objects SET is_latest = 0 WHERE bucket_id = $bucket AND key = $key AND is_latest = 1",
                ("$bucket", change.BucketId), ("$key", change.Key));
        }

        if (inserted is not null)
        {
            Insert(connection, transaction, inserted);
        }

        if (change.MarkedLatest is { } marked)
        {
            Execute(connection, transaction, "UPDATE s3_objects SET is_latest = 1 WHERE id = $id", ("$id", marked.Id));
        }

        foreach (var updated in change.Updated)
        {
            Execute(connection, transaction, "UPDATE s3_objects SET tags = $tags, acl = $acl WHERE id = $id",
                ("$tags", HeaderListCodec.Encode(updated.Tags)), ("$acl", updated.Acl), ("$id", updated.Id));
        }
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, ObjectRecord record)
    {
        using var insert = SqliteDatabase.Command(connection,
            $"INSERT INTO s3_objects ({ColumnsWithInlineData[4..]}) VALUES ($bucket, $key, $version, $latest, $marker, $size, $etag, $modified, $blob, $headers, $acl, $tags, $algorithm, $checksum, $type, $parts, $inline, $encryption)",
            transaction);
        var p = insert.Parameters;
        p.AddWithValue("$bucket", record.BucketId);
        p.AddWithValue("$key", record.Key);
        p.AddWithValue("$version", record.VersionId);
        p.AddWithValue("$latest", record.IsLatest ? 1 : 0);
        p.AddWithValue("$marker", record.IsDeleteMarker ? 1 : 0);
        p.AddWithValue("$size", record.Size);
        p.AddWithValue("$etag", record.ETag);
        p.AddWithValue("$modified", record.LastModified.ToUnixTimeMilliseconds());
        p.AddWithValue("$blob", (object?)record.Blob ?? DBNull.Value);
        p.AddWithValue("$headers", HeaderListCodec.Encode(record.Headers));
        p.AddWithValue("$acl", record.Acl);
        p.AddWithValue("$tags", HeaderListCodec.Encode(record.Tags));
        p.AddWithValue("$algorithm", (object?)record.ChecksumAlgorithm ?? DBNull.Value);
        p.AddWithValue("$checksum", (object?)record.ChecksumValue ?? DBNull.Value);
        p.AddWithValue("$type", (object?)record.ChecksumType ?? DBNull.Value);
        p.AddWithValue("$parts", record.PartSizes.Count == 0 ? DBNull.Value : HeaderListCodec.EncodeSizes(record.PartSizes));
        p.Add("$inline", SqliteType.Blob).Value = (object?)record.InlineData ?? DBNull.Value;
        p.AddWithValue("$encryption", (object?)record.Encryption?.Encode() ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    // Inside a write, this reads within the writer's transaction: SQLite's transactions belong to the connection.
    private static ObjectRecord? Read(SqliteConnection connection, string bucketId, string key, string? versionId, bool withInlineData)
    {
        var sql = (versionId is null, withInlineData) switch
        {
            (true, true) => ReadLatestWithInlineDataSql,
            (true, false) => ReadLatestSql,
            (false, true) => ReadVersionWithInlineDataSql,
            (false, false) => ReadVersionSql,
        };
        using var rows = SqliteDatabase.Rows(connection, sql);
        rows.Bind("$bucket", bucketId);
        rows.Bind("$key", key);
        if (versionId is not null)
        {
            rows.Bind("$version", versionId);
        }

        return rows.Read() ? Map(rows) : null;
    }

    private static ObjectRecord Map(in SqliteRowReader row) => new()
    {
        Id = row.GetInt64(0),
        BucketId = row.GetString(1)!,
        Key = row.GetString(2)!,
        VersionId = row.GetString(3)!,
        IsLatest = row.GetInt64(4) != 0,
        IsDeleteMarker = row.GetInt64(5) != 0,
        Size = row.GetInt64(6),
        ETag = row.GetString(7)!,
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(8)),
        Blob = row.GetString(9),
        Headers = HeaderListCodec.Decode(row.GetString(10)!),
        Acl = row.GetString(11)!,
        Tags = HeaderListCodec.Decode(row.GetString(12)!),
        ChecksumAlgorithm = row.GetString(13),
        ChecksumValue = row.GetString(14),
        ChecksumType = row.GetString(15),
        PartSizes = HeaderListCodec.DecodeSizes(row.GetString(16)),
        InlineData = row.ColumnCount > 17 ? row.GetBytes(17) : null,
        Encryption = row.ColumnCount > 18 ? ObjectEncryption.Decode(row.GetString(18)) : null,
    };

    private static UploadRecord? ReadUpload(SqliteConnection connection, SqliteTransaction? transaction, string bucketId, string uploadId)
    {
        using var command = SqliteDatabase.Command(connection, $"SELECT {UploadColumns} FROM s3_uploads WHERE upload_id = $id AND bucket_id = $bucket", transaction);
        command.Parameters.AddWithValue("$id", uploadId);
        command.Parameters.AddWithValue("$bucket", bucketId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MapUpload(reader) : null;
    }

    private static UploadRecord MapUpload(SqliteDataReader reader) => new()
    {
        UploadId = reader.GetString(0),
        BucketId = reader.GetString(1),
        Key = reader.GetString(2),
        Initiated = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        Headers = HeaderListCodec.Decode(reader.GetString(4)),
        Acl = reader.GetString(5),
        Tags = HeaderListCodec.Decode(reader.GetString(6)),
        ChecksumAlgorithm = reader.IsDBNull(7) ? null : reader.GetString(7),
        ChecksumType = reader.IsDBNull(8) ? null : reader.GetString(8),
        Encryption = reader.IsDBNull(9) ? null : ObjectEncryption.Decode(reader.GetString(9)),
    };

    private static IReadOnlyList<PartRecord> ReadParts(SqliteConnection connection, SqliteTransaction? transaction, string uploadId, int afterPartNumber, int limit)
    {
        using var command = SqliteDatabase.Command(connection,
            "SELECT part_number, size, etag, last_modified, blob, checksum_value FROM s3_parts WHERE upload_id = $id AND part_number > $after ORDER BY part_number LIMIT $limit",
            transaction);
        command.Parameters.AddWithValue("$id", uploadId);
        command.Parameters.AddWithValue("$after", afterPartNumber);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var parts = new List<PartRecord>();
        while (reader.Read())
        {
            parts.Add(new PartRecord
            {
                UploadId = uploadId,
                PartNumber = reader.GetInt32(0),
                Size = reader.GetInt64(1),
                ETag = reader.GetString(2),
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                Blob = reader.GetString(4),
                ChecksumValue = reader.IsDBNull(5) ? null : reader.GetString(5),
            });
        }

        return parts;
    }

    private static int ExecuteCount(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = SqliteDatabase.Command(connection, sql, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = SqliteDatabase.Command(connection, sql, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    /// <summary>One key's change, run on the writer's connection inside its transaction: reads for the decision, then its change.</summary>
    private sealed class KeyChange<TState, TResult>(string bucketId, string key, TState state, Func<KeyVersions, TState, TResult> decide)
        : KeyVersions(bucketId, key)
    {
        // SQLite's transactions belong to the connection: reads on it see the transaction's own writes.
        private SqliteConnection _connection = null!;
        private SqliteTransaction _transaction = null!;

        public TResult Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            var result = decide(this, state);
            Apply(connection, transaction, this);
            return result;
        }

        public override ObjectRecord? NewestBefore(ObjectRecord version)
        {
            using var rows = SqliteDatabase.Rows(_connection, ReadNewestBeforeSql);
            rows.Bind("$bucket", BucketId);
            rows.Bind("$key", Key);
            rows.Bind("$id", version.Id);
            return rows.Read() ? Map(rows) : null;
        }

        public override UploadRecord? FindUpload(string uploadId) =>
            ReadUpload(_connection, _transaction, BucketId, uploadId) is { } upload && upload.Key == Key ? upload : null;

        public override IReadOnlyList<PartRecord> PartsOf(string uploadId) => ReadParts(_connection, _transaction, uploadId, 0, int.MaxValue);

        protected override ObjectRecord? ReadLatest() => Read(_connection, BucketId, Key, null, withInlineData: false);

        protected override ObjectRecord? ReadVersion(string versionId) => Read(_connection, BucketId, Key, versionId, withInlineData: false);
    }
}
