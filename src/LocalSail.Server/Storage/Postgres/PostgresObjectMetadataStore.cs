using System.Text;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage.Objects;
using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// Object metadata in PostgreSQL, shared by every node. A key's change is one transaction that first takes a
/// transaction-scoped advisory lock on the key (a hash of bucket and key), so that changes of one key made on any
/// node run one after another, each seeing the one before; other keys are not held up. A listing page is one range
/// scan of the partial index on (bucket, key). Every statement is parameterized.
/// </summary>
internal sealed class PostgresObjectMetadataStore(PostgresDatabase database) : IObjectMetadataStore
{
    private const int PurgeBatchSize = 10_000;

    private const string Columns =
        "id, bucket_id, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, blob, headers, acl, tags, checksum_algorithm, checksum_value, checksum_type, part_sizes";

    // Read only with a single object: listings never select the inline bytes or the wrapped key.
    private const string ColumnsWithInlineData = Columns + ", inline_data, encryption";

    private const string ListingColumns = "key, size, etag, last_modified, checksum_algorithm, checksum_type";

    private const string UploadColumns = "upload_id, bucket_id, key, initiated, headers, acl, tags, checksum_algorithm, checksum_type, encryption";

    private const string FindLatestSql = $"SELECT {ColumnsWithInlineData} FROM s3_objects WHERE bucket_id = $1 AND key = $2 AND is_latest";

    private const string FindVersionSql = $"SELECT {ColumnsWithInlineData} FROM s3_objects WHERE bucket_id = $1 AND key = $2 AND version_id = $3";

    internal const string ListFromSql =
        $"SELECT {ListingColumns} FROM s3_objects WHERE bucket_id = @bucket AND is_latest AND NOT is_delete_marker " +
        "AND key >= @lower AND key < @end ORDER BY key LIMIT @limit";

    internal const string ListAfterSql =
        $"SELECT {ListingColumns} FROM s3_objects WHERE bucket_id = @bucket AND is_latest AND NOT is_delete_marker " +
        "AND key > @lower AND key < @end ORDER BY key LIMIT @limit";

    // Every GET and HEAD reads one object: sent with the other reads of the same moment, one round trip for them all.
    public async ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken) =>
        await database.Reads.ReadAsync(
            new PostgresRead<ObjectRecord?>(
                () => versionId is null
                    ? new NpgsqlBatchCommand(FindLatestSql).WithPositional(bucketId).WithPositional(key)
                    : new NpgsqlBatchCommand(FindVersionSql).WithPositional(bucketId).WithPositional(key).WithPositional(versionId),
                Map,
                null),
            cancellationToken);

    public Task<TResult> ChangeKeyAsync<TState, TResult>(
        string bucketId, string key, TState state, Func<KeyVersions, TState, TResult> decide, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var change = new KeyChange(bucketId, key, connection, transaction);

            // One round trip: the key's lock, then, once it is held, the latest version every decision starts from.
            await using (var lockAndRead = PostgresDatabase.Command(connection,
                $"SELECT pg_advisory_xact_lock(hashtextextended(@bucket || '/' || @key, 0)); SELECT {Columns} FROM s3_objects WHERE bucket_id = @bucket AND key = @key AND is_latest",
                transaction))
            {
                await using var reader = await lockAndRead.With("bucket", bucketId).With("key", key).ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                change.KnowLatest(await reader.ReadAsync(cancellationToken) ? Map(reader) : null);
            }

            // The decision reads anything else synchronously (it is a plain function); the key is locked and its rows are few.
            var result = decide(change, state);
            await ApplyAsync(connection, transaction, change, cancellationToken);
            return result;
        }, cancellationToken);

    public async Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken)
    {
        var inclusive = string.CompareOrdinal(from, prefix) > 0 ? from : prefix;
        var exclusive = after is not null && string.CompareOrdinal(after, inclusive) >= 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, exclusive ? ListAfterSql : ListFromSql)
            .With("bucket", bucketId)
            .With("lower", exclusive ? after! : inclusive)
            .With("end", KeyOrder.PrefixEnd(prefix) ?? "\U0010FFFF")
            .With("limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ObjectRecord>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ObjectRecord
            {
                BucketId = bucketId,
                Key = reader.GetString(0),
                Size = reader.GetInt64(1),
                ETag = reader.GetString(2),
                LastModified = reader.Time(3),
                ChecksumAlgorithm = reader.NullableString(4),
                ChecksumType = reader.NullableString(5),
            });
        }

        return records;
    }

    public async Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        var lower = string.CompareOrdinal(from, prefix) > 0 ? from : prefix;
        if (afterKey is not null && string.CompareOrdinal(afterKey, lower) > 0)
        {
            lower = afterKey;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {Columns} FROM s3_objects WHERE bucket_id = @bucket AND key >= @from AND (@end::text IS NULL OR key < @end) " +
            "AND (key > @afterKey OR (key = @afterKey AND id < @beforeId)) ORDER BY key, id DESC LIMIT @limit")
            .With("bucket", bucketId)
            .With("from", lower)
            .With("end", KeyOrder.PrefixEnd(prefix))
            .With("afterKey", afterKey ?? string.Empty)
            .With("beforeId", beforeId ?? long.MaxValue)
            .With("limit", (long)limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = PostgresDatabase.Command(connection,
                $"INSERT INTO s3_uploads ({UploadColumns}) VALUES (@id, @bucket, @key, @initiated, @headers, @acl, @tags, @algorithm, @type, @encryption)",
                transaction)
                .With("id", upload.UploadId)
                .With("bucket", upload.BucketId)
                .With("key", upload.Key)
                .With("initiated", upload.Initiated)
                .With("headers", HeaderListCodec.Encode(upload.Headers))
                .With("acl", upload.Acl)
                .With("tags", HeaderListCodec.Encode(upload.Tags))
                .With("algorithm", upload.ChecksumAlgorithm)
                .With("type", upload.ChecksumType)
                .With("encryption", upload.Encryption?.Encode());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<UploadRecord?> FindUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = UploadCommand(connection, null, bucketId, uploadId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MapUpload(reader) : null;
    }

    public Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken) =>
        database.WriteAsync<(bool, string?)>(async (connection, transaction) =>
        {
            // The upload's row is locked: a complete or an abort on another node waits for this part, or this part finds no upload.
            await using (var exists = PostgresDatabase.Command(connection, "SELECT 1 FROM s3_uploads WHERE upload_id = @id FOR UPDATE", transaction).With("id", part.UploadId))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return (false, null);
                }
            }

            string? replaced;
            await using (var old = PostgresDatabase.Command(connection, "SELECT blob FROM s3_parts WHERE upload_id = @id AND part_number = @n", transaction))
            {
                replaced = await old.With("id", part.UploadId).With("n", part.PartNumber).ExecuteScalarAsync(cancellationToken) as string;
            }

            await using var upsert = PostgresDatabase.Command(connection,
                "INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified, blob, checksum_value) VALUES (@id, @n, @size, @etag, @modified, @blob, @checksum) " +
                "ON CONFLICT (upload_id, part_number) DO UPDATE SET size = EXCLUDED.size, etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, " +
                "blob = EXCLUDED.blob, checksum_value = EXCLUDED.checksum_value",
                transaction)
                .With("id", part.UploadId)
                .With("n", part.PartNumber)
                .With("size", part.Size)
                .With("etag", part.ETag)
                .With("modified", part.LastModified)
                .With("blob", part.Blob)
                .With("checksum", part.ChecksumValue);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return (true, replaced);
        }, cancellationToken);

    public async Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PartsCommand(connection, null, uploadId, afterPartNumber, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parts = new List<PartRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            parts.Add(MapPart(reader, uploadId));
        }

        return parts;
    }

    public async Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {UploadColumns} FROM s3_uploads WHERE bucket_id = @bucket AND key >= @prefix AND (@end::text IS NULL OR key < @end) " +
            "AND (key > @afterKey OR (key = @afterKey AND upload_id > @afterUpload)) ORDER BY key, upload_id LIMIT @limit")
            .With("bucket", bucketId)
            .With("prefix", prefix)
            .With("end", KeyOrder.PrefixEnd(prefix))
            .With("afterKey", afterKey ?? string.Empty)
            .With("afterUpload", afterUploadId ?? (afterKey is null ? string.Empty : "\uffff"))
            .With("limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var uploads = new List<UploadRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            uploads.Add(MapUpload(reader));
        }

        return uploads;
    }

    public Task<IReadOnlyList<string>?> RemoveUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<string>?>(async (connection, transaction) =>
        {
            await using (var upload = PostgresDatabase.Command(connection, "SELECT key FROM s3_uploads WHERE upload_id = @id AND bucket_id = @bucket FOR UPDATE", transaction))
            {
                if (await upload.With("id", uploadId).With("bucket", bucketId).ExecuteScalarAsync(cancellationToken) is not string uploadKey || uploadKey != key)
                {
                    return null;
                }
            }

            var blobs = new List<string>();
            await using (var parts = PostgresDatabase.Command(connection, "SELECT blob FROM s3_parts WHERE upload_id = @id", transaction).With("id", uploadId))
            await using (var reader = await parts.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    blobs.Add(reader.GetString(0));
                }
            }

            // Parts go with their upload (ON DELETE CASCADE).
            await ExecuteAsync(PostgresDatabase.Command(connection, "DELETE FROM s3_uploads WHERE upload_id = @id", transaction).With("id", uploadId), cancellationToken);
            return blobs;
        }, cancellationToken);

    public async Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            "SELECT COUNT(*), COALESCE(SUM(size), 0)::bigint, (SELECT COUNT(*) FROM s3_uploads WHERE bucket_id = @bucket) FROM s3_objects WHERE bucket_id = @bucket AND NOT is_delete_marker")
            .With("bucket", bucketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BucketUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task PurgeAsync(string bucketId, CancellationToken cancellationToken)
    {
        // In batches, each its own transaction; rows another node is purging at the same moment are skipped, not waited for.
        while (await database.WriteAsync((connection, transaction) => PurgeBatchAsync(connection, transaction, bucketId, cancellationToken), cancellationToken) > 0)
        {
        }
    }

    private static async Task<int> PurgeBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string bucketId, CancellationToken cancellationToken)
    {
        await using (var objects = PostgresDatabase.Command(connection,
            $"DELETE FROM s3_objects WHERE id IN (SELECT id FROM s3_objects WHERE bucket_id = @bucket LIMIT {PurgeBatchSize} FOR UPDATE SKIP LOCKED)", transaction))
        {
            var removed = await objects.With("bucket", bucketId).ExecuteNonQueryAsync(cancellationToken);
            if (removed > 0)
            {
                return removed;
            }
        }

        await using var uploads = PostgresDatabase.Command(connection,
            $"DELETE FROM s3_uploads WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket_id = @bucket LIMIT {PurgeBatchSize / 100} FOR UPDATE SKIP LOCKED)", transaction);
        return await uploads.With("bucket", bucketId).ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, "SELECT DISTINCT bucket_id FROM s3_objects UNION SELECT DISTINCT bucket_id FROM s3_uploads");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            "SELECT EXISTS (SELECT 1 FROM s3_objects WHERE bucket_id = @bucket AND blob = @blob) " +
            "OR EXISTS (SELECT 1 FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket_id = @bucket AND p.blob = @blob)")
            .With("bucket", bucketId)
            .With("blob", blob);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Writes what a decision recorded, in one round trip (statements run in order). The latest mark moves first,
    /// so that one version of a key at most holds it.
    /// </summary>
    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyVersions change, CancellationToken cancellationToken)
    {
        if (!change.HasChanges)
        {
            return;
        }

        var sql = new StringBuilder();
        await using var command = PostgresDatabase.Command(connection, string.Empty, transaction);
        for (var i = 0; i < change.Removed.Count; i++)
        {
            sql.Append($"DELETE FROM s3_objects WHERE id = @removed{i};");
            command.With($"removed{i}", change.Removed[i].Id);
        }

        if (change.RemovedUpload is { } upload)
        {
            sql.Append("DELETE FROM s3_uploads WHERE upload_id = @upload;");
            command.With("upload", upload.UploadId);
        }

        var inserted = change.Inserted;
        if (inserted is { IsLatest: true } || change.MarkedLatest is not null)
        {
            sql.Append("UPDATE s3_objects SET is_latest = FALSE WHERE bucket_id = @keyBucket AND key = @keyName AND is_latest;");
            command.With("keyBucket", change.BucketId).With("keyName", change.Key);
        }

        if (inserted is not null)
        {
            sql.Append(InsertSql).Append(';');
            BindInsert(command, inserted);
        }

        if (change.MarkedLatest is { } marked)
        {
            sql.Append("UPDATE s3_objects SET is_latest = TRUE WHERE id = @marked;");
            command.With("marked", marked.Id);
        }

        for (var i = 0; i < change.Updated.Count; i++)
        {
            var updated = change.Updated[i];
            sql.Append($"UPDATE s3_objects SET tags = @tags{i}, acl = @acl{i} WHERE id = @updated{i};");
            command.With($"tags{i}", HeaderListCodec.Encode(updated.Tags)).With($"acl{i}", updated.Acl).With($"updated{i}", updated.Id);
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static readonly string InsertSql =
        $"INSERT INTO s3_objects ({ColumnsWithInlineData[4..]}) VALUES (@bucket, @key, @version, @latest, @marker, @size, @etag, @modified, @blob, @headers, @acl, @tags, @algorithm, @checksum, @type, @parts, @inline, @encryption)";

    private static NpgsqlCommand BindInsert(NpgsqlCommand command, ObjectRecord record) =>
        command
            .With("bucket", record.BucketId)
            .With("key", record.Key)
            .With("version", record.VersionId)
            .With("latest", record.IsLatest)
            .With("marker", record.IsDeleteMarker)
            .With("size", record.Size)
            .With("etag", record.ETag)
            .With("modified", record.LastModified)
            .With("blob", record.Blob)
            .With("headers", HeaderListCodec.Encode(record.Headers))
            .With("acl", record.Acl)
            .With("tags", HeaderListCodec.Encode(record.Tags))
            .With("algorithm", record.ChecksumAlgorithm)
            .With("checksum", record.ChecksumValue)
            .With("type", record.ChecksumType)
            .With("parts", record.PartSizes.Count == 0 ? null : HeaderListCodec.EncodeSizes(record.PartSizes))
            .With("inline", record.InlineData)
            .With("encryption", record.Encryption?.Encode());

    private static NpgsqlCommand ReadCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string bucketId, string key, string? versionId, bool withInlineData)
    {
        var columns = withInlineData ? ColumnsWithInlineData : Columns;
        var command = versionId is null
            ? PostgresDatabase.Command(connection, $"SELECT {columns} FROM s3_objects WHERE bucket_id = @bucket AND key = @key AND is_latest", transaction)
            : PostgresDatabase.Command(connection, $"SELECT {columns} FROM s3_objects WHERE bucket_id = @bucket AND key = @key AND version_id = @version", transaction)
                .With("version", versionId);
        return command.With("bucket", bucketId).With("key", key);
    }

    private static async Task<IReadOnlyList<ObjectRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ObjectRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Map(reader));
        }

        return records;
    }

    private static ObjectRecord Map(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        BucketId = reader.GetString(1),
        Key = reader.GetString(2),
        VersionId = reader.GetString(3),
        IsLatest = reader.GetBoolean(4),
        IsDeleteMarker = reader.GetBoolean(5),
        Size = reader.GetInt64(6),
        ETag = reader.GetString(7),
        LastModified = reader.Time(8),
        Blob = reader.NullableString(9),
        Headers = HeaderListCodec.Decode(reader.GetString(10)),
        Acl = reader.GetString(11),
        Tags = HeaderListCodec.Decode(reader.GetString(12)),
        ChecksumAlgorithm = reader.NullableString(13),
        ChecksumValue = reader.NullableString(14),
        ChecksumType = reader.NullableString(15),
        PartSizes = HeaderListCodec.DecodeSizes(reader.NullableString(16)),
        InlineData = reader.FieldCount > 17 && !reader.IsDBNull(17) ? reader.GetFieldValue<byte[]>(17) : null,
        Encryption = reader.FieldCount > 18 ? ObjectEncryption.Decode(reader.NullableString(18)) : null,
    };

    private static NpgsqlCommand UploadCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string bucketId, string uploadId) =>
        PostgresDatabase.Command(connection, $"SELECT {UploadColumns} FROM s3_uploads WHERE upload_id = @id AND bucket_id = @bucket", transaction)
            .With("id", uploadId)
            .With("bucket", bucketId);

    private static UploadRecord MapUpload(NpgsqlDataReader reader) => new()
    {
        UploadId = reader.GetString(0),
        BucketId = reader.GetString(1),
        Key = reader.GetString(2),
        Initiated = reader.Time(3),
        Headers = HeaderListCodec.Decode(reader.GetString(4)),
        Acl = reader.GetString(5),
        Tags = HeaderListCodec.Decode(reader.GetString(6)),
        ChecksumAlgorithm = reader.NullableString(7),
        ChecksumType = reader.NullableString(8),
        Encryption = ObjectEncryption.Decode(reader.NullableString(9)),
    };

    private static NpgsqlCommand PartsCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string uploadId, int afterPartNumber, int limit) =>
        PostgresDatabase.Command(connection,
            "SELECT part_number, size, etag, last_modified, blob, checksum_value FROM s3_parts WHERE upload_id = @id AND part_number > @after ORDER BY part_number LIMIT @limit",
            transaction)
            .With("id", uploadId)
            .With("after", afterPartNumber)
            .With("limit", (long)limit);

    private static PartRecord MapPart(NpgsqlDataReader reader, string uploadId) => new()
    {
        UploadId = uploadId,
        PartNumber = reader.GetInt32(0),
        Size = reader.GetInt64(1),
        ETag = reader.GetString(2),
        LastModified = reader.Time(3),
        Blob = reader.GetString(4),
        ChecksumValue = reader.NullableString(5),
    };

    /// <summary>One key's change inside its transaction: the decision's reads run on the transaction's connection, so they see its own writes.</summary>
    private sealed class KeyChange(string bucketId, string key, NpgsqlConnection connection, NpgsqlTransaction transaction) : KeyVersions(bucketId, key)
    {
        public override ObjectRecord? NewestBefore(ObjectRecord version)
        {
            using var command = PostgresDatabase.Command(connection,
                $"SELECT {Columns} FROM s3_objects WHERE bucket_id = @bucket AND key = @key AND id < @id ORDER BY id DESC LIMIT 1", transaction)
                .With("bucket", BucketId).With("key", Key).With("id", version.Id);
            return ReadOne(command);
        }

        public override UploadRecord? FindUpload(string uploadId)
        {
            // Locked, so that a part being recorded on another node is either in PartsOf or finds the upload gone.
            using var command = PostgresDatabase.Command(connection, $"SELECT {UploadColumns} FROM s3_uploads WHERE upload_id = @id AND bucket_id = @bucket FOR UPDATE", transaction)
                .With("id", uploadId).With("bucket", BucketId);
            using var reader = command.ExecuteReader();
            return reader.Read() && MapUpload(reader) is { } upload && upload.Key == Key ? upload : null;
        }

        public override IReadOnlyList<PartRecord> PartsOf(string uploadId)
        {
            using var command = PartsCommand(connection, transaction, uploadId, 0, int.MaxValue);
            using var reader = command.ExecuteReader();
            var parts = new List<PartRecord>();
            while (reader.Read())
            {
                parts.Add(MapPart(reader, uploadId));
            }

            return parts;
        }

        protected override ObjectRecord? ReadLatest() => ReadOne(ReadCommand(connection, transaction, BucketId, Key, null, withInlineData: false));

        protected override ObjectRecord? ReadVersion(string versionId) => ReadOne(ReadCommand(connection, transaction, BucketId, Key, versionId, withInlineData: false));

        private static ObjectRecord? ReadOne(NpgsqlCommand command)
        {
            using (command)
            using (var reader = command.ExecuteReader())
            {
                return reader.Read() ? Map(reader) : null;
            }
        }
    }
}
