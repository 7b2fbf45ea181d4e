using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// The control plane's metadata in PostgreSQL, shared by every node. The invariants hold across nodes because
/// PostgreSQL enforces them: a bucket name is its primary key; a key is created, and a bucket deleted, with the
/// bucket's row locked (<c>FOR UPDATE</c>), so racing creates on different nodes count one another's keys.
/// Every statement is parameterized.
/// </summary>
/// <remarks>
/// Each committed change a cache must forget is published to <see cref="ControlPlaneChanges"/> before the call
/// returns, as in SQLite; the changes other nodes commit are not (<see cref="ControlPlaneChanges.IsComplete"/> is
/// false). Every change to a bucket or its keys also increases the control plane's version in its own transaction
/// (<see cref="PostgresControlPlaneVersion"/>), which is what caches on every node check.
/// </remarks>
internal sealed class PostgresControlPlaneStore(PostgresDatabase database, SecretProtector secrets, ControlPlaneChanges changes) : IControlPlaneStore
{
    internal const string BucketColumns =
        "name, id, account_id, region, bundle_id, created_at, bundle_changed_at, support_code, get_object_access, " +
        "allow_public_overrides, object_versioning, tags, readonly_access_accounts, resources_receiving_access, access_log_config, cors";

    private const string AccessKeyColumns =
        "access_key_id, bucket_name, account_id, region, secret, status, created_at, last_used_at, last_used_region, last_used_service";

    private const string OperationColumns =
        "id, account_id, region, resource_name, resource_type, operation_type, created_at, status, status_changed_at, is_terminal, operation_details, error_code, error_details";

    public async Task<CreateBucketOutcome> CreateBucketAsync(BucketRecord bucket, OperationRecord operation, CancellationToken cancellationToken)
    {
        var outcome = await database.WriteAsync(async (connection, transaction) =>
        {
            // The name's uniqueness is the primary key's: of two nodes inserting it at once, one inserts nothing.
            await using (var insert = PostgresDatabase.Command(connection,
                $"INSERT INTO buckets ({BucketColumns}) VALUES (@name, @id, @account, @region, @bundle, @created, @bundleChanged, @support, @getObject, @overrides, @versioning, @tags, @readonly, @receiving, @accessLog, @cors) ON CONFLICT (name) DO NOTHING",
                transaction))
            {
                BindBucket(insert, bucket);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return CreateBucketOutcome.NameTaken;
                }
            }

            await InsertOperationAsync(connection, transaction, operation, cancellationToken);
            await PostgresControlPlaneVersion.CountChangeAsync(connection, transaction, bucket.Name, cancellationToken);
            return CreateBucketOutcome.Created;
        }, cancellationToken);

        if (outcome == CreateBucketOutcome.Created)
        {
            changes.Publish(ControlPlaneChange.BucketChanged(bucket.Name));
        }

        return outcome;
    }

    public async Task<BucketRecord?> GetBucketAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadBucketAsync(connection, null, scope, bucketName, forUpdate: false, cancellationToken);
    }

    public async Task<BucketRecord?> FindBucketAsync(string bucketName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, $"SELECT {BucketColumns} FROM buckets WHERE name = @name").With("name", bucketName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MapBucket(reader) : null;
    }

    public async Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {BucketColumns} FROM buckets WHERE account_id = @account AND region = @region AND name > @after ORDER BY name LIMIT @limit");
        BindScope(command, scope).With("after", afterName ?? string.Empty).With("limit", (long)limit);
        return await ReadBucketsAsync(command, cancellationToken);
    }

    public async Task<UpdateBucketOutcome> UpdateBucketAsync(ResourceScope scope, string bucketName, Func<BucketRecord, BucketChange> change, CancellationToken cancellationToken)
    {
        var outcome = await database.WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadBucketAsync(connection, transaction, scope, bucketName, forUpdate: true, cancellationToken);
            if (current is null)
            {
                return new UpdateBucketOutcome(null, [], null);
            }

            var result = change(current);
            if (result.Refusal is not null)
            {
                return new UpdateBucketOutcome(current, [], result.Refusal);
            }

            var updated = result.Updated ?? current;
            if (result.Updated is not null)
            {
                await using var update = PostgresDatabase.Command(connection,
                    "UPDATE buckets SET bundle_id = @bundle, bundle_changed_at = @bundleChanged, get_object_access = @getObject, " +
                    "allow_public_overrides = @overrides, object_versioning = @versioning, tags = @tags, readonly_access_accounts = @readonly, " +
                    "resources_receiving_access = @receiving, access_log_config = @accessLog, cors = @cors " +
                    "WHERE name = @name AND id = @id AND account_id = @account AND region = @region",
                    transaction);
                BindBucket(update, updated);
                await update.ExecuteNonQueryAsync(cancellationToken);
                await PostgresControlPlaneVersion.CountChangeAsync(connection, transaction, bucketName, cancellationToken);
            }

            foreach (var operation in result.Operations)
            {
                await InsertOperationAsync(connection, transaction, operation, cancellationToken);
            }

            return new UpdateBucketOutcome(updated, result.Operations, null);
        }, cancellationToken);

        if (outcome is { Bucket: not null, Refusal: null })
        {
            changes.Publish(ControlPlaneChange.BucketChanged(bucketName));
        }

        return outcome;
    }

    public async Task<DeleteBucketResult> DeleteBucketAsync(ResourceScope scope, string bucketName, bool forceDelete, OperationRecord operation, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async (connection, transaction) =>
        {
            // Locked: a key created on another node now waits, then finds no bucket.
            if (await ReadBucketAsync(connection, transaction, scope, bucketName, forUpdate: true, cancellationToken) is not { } bucket)
            {
                return (DeleteBucketResult)DeleteBucketOutcome.NotFound;
            }

            if (!forceDelete && await CountKeysAsync(connection, transaction, bucketName, cancellationToken) > 0)
            {
                return (DeleteBucketResult)DeleteBucketOutcome.HasAccessKeys;
            }

            var keyIds = new List<string>();
            await using (var deleteKeys = PostgresDatabase.Command(connection, "DELETE FROM access_keys WHERE bucket_name = @name RETURNING access_key_id", transaction).With("name", bucketName))
            await using (var deleted = await deleteKeys.ExecuteReaderAsync(cancellationToken))
            {
                while (await deleted.ReadAsync(cancellationToken))
                {
                    keyIds.Add(deleted.GetString(0));
                }
            }

            await using (var delete = PostgresDatabase.Command(connection, "DELETE FROM buckets WHERE name = @name AND account_id = @account AND region = @region", transaction))
            {
                BindScope(delete.With("name", bucketName), scope);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = PostgresDatabase.Command(connection,
                "INSERT INTO deleted_buckets (id, name, deleted_at) VALUES (@id, @name, @at) ON CONFLICT (id) DO NOTHING", transaction))
            {
                await record.With("id", bucket.Id).With("name", bucketName).With("at", operation.CreatedAt).ExecuteNonQueryAsync(cancellationToken);
            }

            await InsertOperationAsync(connection, transaction, operation, cancellationToken);
            await PostgresControlPlaneVersion.CountChangeAsync(connection, transaction, bucketName, cancellationToken);
            return new DeleteBucketResult(DeleteBucketOutcome.Deleted, keyIds);
        }, cancellationToken);

        if (result.Outcome == DeleteBucketOutcome.Deleted)
        {
            changes.Publish(ControlPlaneChange.BucketDeleted(bucketName, result.DeletedAccessKeyIds));
        }

        return result;
    }

    public async Task<IReadOnlyList<string>> ListDeletedBucketsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, "SELECT id FROM deleted_buckets ORDER BY deleted_at, id LIMIT @limit").With("limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public Task RecordDeletedBucketAsync(string bucketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var insert = PostgresDatabase.Command(connection,
                "INSERT INTO deleted_buckets (id, name, deleted_at) SELECT @id, '', @at WHERE NOT EXISTS (SELECT 1 FROM buckets WHERE id = @id) ON CONFLICT (id) DO NOTHING",
                transaction);
            return await insert.With("id", bucketId).With("at", now).ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task ForgetDeletedBucketAsync(string bucketId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var delete = PostgresDatabase.Command(connection, "DELETE FROM deleted_buckets WHERE id = @id", transaction).With("id", bucketId);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<CreateAccessKeyOutcome> CreateAccessKeyAsync(AccessKeyRecord key, int maxKeysPerBucket, OperationRecord operation, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // The bucket's row is locked until commit: a create racing on another node counts this key once it may go on.
            if (await ReadBucketAsync(connection, transaction, key.Scope, key.BucketName, forUpdate: true, cancellationToken) is null)
            {
                return CreateAccessKeyOutcome.BucketNotFound;
            }

            if (await CountKeysAsync(connection, transaction, key.BucketName, cancellationToken) >= maxKeysPerBucket)
            {
                return CreateAccessKeyOutcome.LimitReached;
            }

            await using (var insert = PostgresDatabase.Command(connection,
                $"INSERT INTO access_keys ({AccessKeyColumns}) VALUES (@id, @bucket, @account, @region, @secret, @status, @created, NULL, NULL, NULL)",
                transaction))
            {
                BindScope(insert.With("id", key.AccessKeyId).With("bucket", key.BucketName), key.Scope)
                    .With("secret", secrets.Protect(key.SecretAccessKey, key.AccessKeyId))
                    .With("status", key.Status)
                    .With("created", key.CreatedAt);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await InsertOperationAsync(connection, transaction, operation, cancellationToken);
            await PostgresControlPlaneVersion.CountChangeAsync(connection, transaction, key.BucketName, cancellationToken);
            return CreateAccessKeyOutcome.Created;
        }, cancellationToken);

    public async Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {AccessKeyColumns} FROM access_keys WHERE bucket_name = @bucket AND account_id = @account AND region = @region ORDER BY created_at, access_key_id");
        BindScope(command.With("bucket", bucketName), scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<AccessKeyRecord>(2);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(MapAccessKey(reader, withSecret: false));
        }

        return keys;
    }

    public async Task<bool> DeleteAccessKeyAsync(ResourceScope scope, string bucketName, string accessKeyId, OperationRecord operation, CancellationToken cancellationToken)
    {
        var deleted = await database.WriteAsync(async (connection, transaction) =>
        {
            await using (var delete = PostgresDatabase.Command(connection,
                "DELETE FROM access_keys WHERE access_key_id = @id AND bucket_name = @bucket AND account_id = @account AND region = @region",
                transaction))
            {
                BindScope(delete.With("id", accessKeyId).With("bucket", bucketName), scope);
                if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }

            await InsertOperationAsync(connection, transaction, operation, cancellationToken);
            await PostgresControlPlaneVersion.CountChangeAsync(connection, transaction, bucketName, cancellationToken);
            return true;
        }, cancellationToken);

        if (deleted)
        {
            changes.Publish(ControlPlaneChange.AccessKeysDeleted([accessKeyId]));
        }

        return deleted;
    }

    public async Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, $"SELECT {AccessKeyColumns} FROM access_keys WHERE access_key_id = @id").With("id", accessKeyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MapAccessKey(reader, withSecret: true) : null;
    }

    public Task RecordAccessKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyUse>> uses, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Several nodes record uses of one key: the latest one stays, whichever node writes last.
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                foreach (var (accessKeyId, use) in uses)
                {
                    var update = new NpgsqlBatchCommand(
                        "UPDATE access_keys SET last_used_at = $2, last_used_region = $3, last_used_service = $4 WHERE access_key_id = $1 AND (last_used_at IS NULL OR last_used_at <= $2)");
                    update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = accessKeyId });
                    update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = use.At.ToUnixTimeMilliseconds() });
                    update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = use.Region });
                    update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = use.ServiceName });
                    batch.BatchCommands.Add(update);
                }

                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            return uses.Count;
        }, cancellationToken);

    public async Task<OperationRecord?> GetOperationAsync(ResourceScope scope, string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {OperationColumns} FROM operations WHERE id = @id AND account_id = @account AND region = @region");
        BindScope(command.With("id", operationId), scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MapOperation(reader) : null;
    }

    public async Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(ResourceScope scope, string? resourceName, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {OperationColumns} FROM operations WHERE account_id = @account AND region = @region " +
            (resourceName is null ? string.Empty : "AND resource_name = @resource ") +
            "ORDER BY seq DESC LIMIT @limit OFFSET @offset");
        BindScope(command, scope).With("limit", (long)limit).With("offset", (long)offset);
        if (resourceName is not null)
        {
            command.With("resource", resourceName);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var operations = new List<OperationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            operations.Add(MapOperation(reader));
        }

        return operations;
    }

    internal static async Task<IReadOnlyList<BucketRecord>> ReadBucketsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<BucketRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(MapBucket(reader));
        }

        return buckets;
    }

    private static async Task<BucketRecord?> ReadBucketAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ResourceScope scope, string name, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {BucketColumns} FROM buckets WHERE name = @name AND account_id = @account AND region = @region" + (forUpdate ? " FOR UPDATE" : string.Empty),
            transaction);
        BindScope(command.With("name", name), scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MapBucket(reader) : null;
    }

    private static async Task<long> CountKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string bucketName, CancellationToken cancellationToken)
    {
        await using var count = PostgresDatabase.Command(connection, "SELECT COUNT(*) FROM access_keys WHERE bucket_name = @name", transaction).With("name", bucketName);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static NpgsqlCommand BindScope(NpgsqlCommand command, ResourceScope scope) =>
        command.With("account", scope.AccountId).With("region", scope.Region);

    private static void BindBucket(NpgsqlCommand command, BucketRecord bucket)
    {
        BindScope(command.With("name", bucket.Name).With("id", bucket.Id), bucket.Scope)
            .With("bundle", bucket.BundleId)
            .With("created", bucket.CreatedAt)
            .With("bundleChanged", bucket.BundleChangedAt)
            .With("support", bucket.SupportCode)
            .With("getObject", bucket.AccessRules.GetObject == ObjectAccess.Public ? "public" : "private")
            .With("overrides", bucket.AccessRules.AllowPublicOverrides)
            .With("versioning", VersioningColumn(bucket.Versioning))
            .With("tags", StorageJson.Tags(bucket.Tags))
            .With("readonly", StorageJson.Strings(bucket.ReadonlyAccessAccounts))
            .With("receiving", StorageJson.Strings(bucket.ResourcesReceivingAccess))
            .With("accessLog", StorageJson.AccessLog(bucket.AccessLog))
            .With("cors", StorageJson.Cors(bucket.CorsRules));
    }

    internal static BucketRecord MapBucket(NpgsqlDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Id = reader.GetString(1),
        Scope = new ResourceScope(reader.GetString(2), reader.GetString(3)),
        BundleId = reader.GetString(4),
        CreatedAt = reader.Time(5),
        BundleChangedAt = reader.IsDBNull(6) ? null : reader.Time(6),
        SupportCode = reader.GetString(7),
        AccessRules = new BucketAccessRules(reader.GetString(8) == "public" ? ObjectAccess.Public : ObjectAccess.Private, reader.GetBoolean(9)),
        Versioning = reader.GetString(10) switch
        {
            "Enabled" => VersioningState.Enabled,
            "Suspended" => VersioningState.Suspended,
            _ => VersioningState.Unversioned,
        },
        Tags = StorageJson.Tags(reader.GetString(11)),
        ReadonlyAccessAccounts = StorageJson.Strings(reader.GetString(12)),
        ResourcesReceivingAccess = StorageJson.Strings(reader.GetString(13)),
        AccessLog = StorageJson.AccessLog(reader.NullableString(14)),
        CorsRules = StorageJson.Cors(reader.NullableString(15)),
    };

    // The column keeps Lightsail's names, as SQLite's does.
    private static string VersioningColumn(VersioningState versioning) => versioning switch
    {
        VersioningState.Enabled => "Enabled",
        VersioningState.Suspended => "Suspended",
        _ => "NeverEnabled",
    };

    private AccessKeyRecord MapAccessKey(NpgsqlDataReader reader, bool withSecret)
    {
        var id = reader.GetString(0);
        return new AccessKeyRecord
        {
            AccessKeyId = id,
            BucketName = reader.GetString(1),
            Scope = new ResourceScope(reader.GetString(2), reader.GetString(3)),
            // Listing never decrypts: the secret leaves the store only to verify a signature.
            SecretAccessKey = withSecret ? secrets.Unprotect(reader.GetFieldValue<byte[]>(4), id) : string.Empty,
            Status = reader.GetString(5),
            CreatedAt = reader.Time(6),
            LastUsed = reader.IsDBNull(7) ? null : new AccessKeyUse(reader.Time(7), reader.GetString(8), reader.GetString(9)),
        };
    }

    private static OperationRecord MapOperation(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Scope = new ResourceScope(reader.GetString(1), reader.GetString(2)),
        ResourceName = reader.GetString(3),
        ResourceType = reader.GetString(4),
        OperationType = reader.GetString(5),
        CreatedAt = reader.Time(6),
        Status = reader.GetString(7),
        StatusChangedAt = reader.Time(8),
        IsTerminal = reader.GetBoolean(9),
        OperationDetails = reader.NullableString(10),
        ErrorCode = reader.NullableString(11),
        ErrorDetails = reader.NullableString(12),
    };

    private static async Task InsertOperationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OperationRecord operation, CancellationToken cancellationToken)
    {
        await using var insert = PostgresDatabase.Command(connection,
            $"INSERT INTO operations ({OperationColumns}) VALUES (@id, @account, @region, @resource, @type, @operationType, @created, @status, @statusChanged, @terminal, @details, @errorCode, @errorDetails)",
            transaction);
        BindScope(insert.With("id", operation.Id), operation.Scope)
            .With("resource", operation.ResourceName)
            .With("type", operation.ResourceType)
            .With("operationType", operation.OperationType)
            .With("created", operation.CreatedAt)
            .With("status", operation.Status)
            .With("statusChanged", operation.StatusChangedAt)
            .With("terminal", operation.IsTerminal)
            .With("details", operation.OperationDetails)
            .With("errorCode", operation.ErrorCode)
            .With("errorDetails", operation.ErrorDetails);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
