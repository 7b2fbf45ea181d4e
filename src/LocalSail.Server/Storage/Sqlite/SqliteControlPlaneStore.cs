using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The control plane's metadata in SQLite. Every statement is parameterized.</summary>
/// <remarks>Every committed change that a cache must forget is published to <see cref="ControlPlaneChanges"/> before the call returns.</remarks>
internal sealed class SqliteControlPlaneStore(SqliteDatabase database, SecretProtector secrets, ControlPlaneChanges changes) : IControlPlaneStore
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
        var outcome = await database.WriteAsync((connection, transaction) =>
        {
            using (var exists = SqliteDatabase.Command(connection, "SELECT 1 FROM buckets WHERE name = $name", transaction))
            {
                exists.Parameters.AddWithValue("$name", bucket.Name);
                if (exists.ExecuteScalar() is not null)
                {
                    return CreateBucketOutcome.NameTaken;
                }
            }

            using (var insert = SqliteDatabase.Command(connection,
                $"INSERT INTO buckets ({BucketColumns}) VALUES ($name, $id, $account, $region, $bundle, $created, $bundleChanged, $support, $getObject, $overrides, $versioning, $tags, $readonly, $receiving, $accessLog, $cors)",
                transaction))
            {
                BindBucket(insert, bucket);
                insert.ExecuteNonQuery();
            }

            InsertOperation(connection, transaction, operation);
            return CreateBucketOutcome.Created;
        }, cancellationToken);

        if (outcome == CreateBucketOutcome.Created)
        {
            changes.Publish(ControlPlaneChange.BucketChanged(bucket.Name));
        }

        return outcome;
    }

    public Task<BucketRecord?> GetBucketAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        return Task.FromResult(ReadBucket(connection, null, scope, bucketName));
    }

    public Task<BucketRecord?> FindBucketAsync(string bucketName, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection, $"SELECT {BucketColumns} FROM buckets WHERE name = $name");
        command.Parameters.AddWithValue("$name", bucketName);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? MapBucket(reader) : null);
    }

    public Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {BucketColumns} FROM buckets WHERE account_id = $account AND region = $region AND name > $after ORDER BY name LIMIT $limit");
        BindScope(command, scope);
        command.Parameters.AddWithValue("$after", afterName ?? string.Empty);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (reader.Read())
        {
            buckets.Add(MapBucket(reader));
        }

        return Task.FromResult<IReadOnlyList<BucketRecord>>(buckets);
    }

    public Task<IReadOnlyList<string>> ListBucketNamesAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken)
    {
        // Read from the index alone (account, region, name): no row and no stored setting is touched.
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            "SELECT name FROM buckets WHERE account_id = $account AND region = $region AND name > $after ORDER BY name LIMIT $limit");
        BindScope(command, scope);
        command.Parameters.AddWithValue("$after", afterName ?? string.Empty);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var names = new List<string>(limit);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public async Task<UpdateBucketOutcome> UpdateBucketAsync(ResourceScope scope, string bucketName, Func<BucketRecord, BucketChange> change, CancellationToken cancellationToken)
    {
        var outcome = await database.WriteAsync((connection, transaction) =>
        {
            var current = ReadBucket(connection, transaction, scope, bucketName);
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
                using var update = SqliteDatabase.Command(connection,
                    "UPDATE buckets SET bundle_id = $bundle, bundle_changed_at = $bundleChanged, get_object_access = $getObject, " +
                    "allow_public_overrides = $overrides, object_versioning = $versioning, tags = $tags, readonly_access_accounts = $readonly, " +
                    "resources_receiving_access = $receiving, access_log_config = $accessLog, cors = $cors " +
                    "WHERE name = $name AND id = $id AND account_id = $account AND region = $region",
                    transaction);
                BindBucket(update, updated);
                update.ExecuteNonQuery();
            }

            foreach (var operation in result.Operations)
            {
                InsertOperation(connection, transaction, operation);
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
        var result = await database.WriteAsync((connection, transaction) =>
        {
            if (ReadBucket(connection, transaction, scope, bucketName) is null)
            {
                return (DeleteBucketResult)DeleteBucketOutcome.NotFound;
            }

            if (!forceDelete)
            {
                using var keys = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM access_keys WHERE bucket_name = $name", transaction);
                keys.Parameters.AddWithValue("$name", bucketName);
                if ((long)keys.ExecuteScalar()! > 0)
                {
                    return (DeleteBucketResult)DeleteBucketOutcome.HasAccessKeys;
                }
            }

            // The keys go with the bucket; their ids come back so that no cache keeps them working.
            var keyIds = new List<string>();
            using (var deleteKeys = SqliteDatabase.Command(connection, "DELETE FROM access_keys WHERE bucket_name = $name RETURNING access_key_id", transaction))
            {
                deleteKeys.Parameters.AddWithValue("$name", bucketName);
                using var deleted = deleteKeys.ExecuteReader();
                while (deleted.Read())
                {
                    keyIds.Add(deleted.GetString(0));
                }
            }

            using (var delete = SqliteDatabase.Command(connection, "DELETE FROM buckets WHERE name = $name AND account_id = $account AND region = $region RETURNING id", transaction))
            {
                delete.Parameters.AddWithValue("$name", bucketName);
                BindScope(delete, scope);
                var id = (string)delete.ExecuteScalar()!;
                using var deleted = SqliteDatabase.Command(connection,
                    "INSERT OR IGNORE INTO deleted_buckets (id, name, deleted_at) VALUES ($id, $name, $at)", transaction);
                deleted.Parameters.AddWithValue("$id", id);
                deleted.Parameters.AddWithValue("$name", bucketName);
                deleted.Parameters.AddWithValue("$at", operation.CreatedAt.ToUnixTimeMilliseconds());
                deleted.ExecuteNonQuery();
            }

            InsertOperation(connection, transaction, operation);
            return new DeleteBucketResult(DeleteBucketOutcome.Deleted, keyIds);
        }, cancellationToken);

        if (result.Outcome == DeleteBucketOutcome.Deleted)
        {
            changes.Publish(ControlPlaneChange.BucketDeleted(bucketName, result.DeletedAccessKeyIds));
        }

        return result;
    }

    public Task<IReadOnlyList<string>> ListDeletedBucketsAsync(int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "SELECT id FROM deleted_buckets ORDER BY deleted_at, id LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    public Task RecordDeletedBucketAsync(string bucketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var insert = SqliteDatabase.Command(connection,
                "INSERT OR IGNORE INTO deleted_buckets (id, name, deleted_at) SELECT $id, '', $at WHERE NOT EXISTS (SELECT 1 FROM buckets WHERE id = $id)",
                transaction);
            insert.Parameters.AddWithValue("$id", bucketId);
            insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            return insert.ExecuteNonQuery();
        }, cancellationToken);

    public Task ForgetDeletedBucketAsync(string bucketId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var delete = SqliteDatabase.Command(connection, "DELETE FROM deleted_buckets WHERE id = $id", transaction);
            delete.Parameters.AddWithValue("$id", bucketId);
            return delete.ExecuteNonQuery();
        }, cancellationToken);

    public Task<CreateAccessKeyOutcome> CreateAccessKeyAsync(AccessKeyRecord key, int maxKeysPerBucket, OperationRecord operation, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (ReadBucket(connection, transaction, key.Scope, key.BucketName) is null)
            {
                return CreateAccessKeyOutcome.BucketNotFound;
            }

            using (var count = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM access_keys WHERE bucket_name = $name", transaction))
            {
                count.Parameters.AddWithValue("$name", key.BucketName);
                if ((long)count.ExecuteScalar()! >= maxKeysPerBucket)
                {
                    return CreateAccessKeyOutcome.LimitReached;
                }
            }

            using (var insert = SqliteDatabase.Command(connection,
                $"INSERT INTO access_keys ({AccessKeyColumns}) VALUES ($id, $bucket, $account, $region, $secret, $status, $created, NULL, NULL, NULL)",
                transaction))
            {
                insert.Parameters.AddWithValue("$id", key.AccessKeyId);
                insert.Parameters.AddWithValue("$bucket", key.BucketName);
                BindScope(insert, key.Scope);
                insert.Parameters.AddWithValue("$secret", secrets.Protect(key.SecretAccessKey, key.AccessKeyId));
                insert.Parameters.AddWithValue("$status", key.Status);
                insert.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
                insert.ExecuteNonQuery();
            }

            InsertOperation(connection, transaction, operation);
            return CreateAccessKeyOutcome.Created;
        }, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {AccessKeyColumns} FROM access_keys WHERE bucket_name = $bucket AND account_id = $account AND region = $region ORDER BY created_at, access_key_id");
        command.Parameters.AddWithValue("$bucket", bucketName);
        BindScope(command, scope);
        using var reader = command.ExecuteReader();
        var keys = new List<AccessKeyRecord>(2);
        while (reader.Read())
        {
            keys.Add(MapAccessKey(reader, withSecret: false));
        }

        return Task.FromResult<IReadOnlyList<AccessKeyRecord>>(keys);
    }

    public async Task<bool> DeleteAccessKeyAsync(ResourceScope scope, string bucketName, string accessKeyId, OperationRecord operation, CancellationToken cancellationToken)
    {
        var deleted = await database.WriteAsync((connection, transaction) =>
        {
            using (var delete = SqliteDatabase.Command(connection,
                "DELETE FROM access_keys WHERE access_key_id = $id AND bucket_name = $bucket AND account_id = $account AND region = $region",
                transaction))
            {
                delete.Parameters.AddWithValue("$id", accessKeyId);
                delete.Parameters.AddWithValue("$bucket", bucketName);
                BindScope(delete, scope);
                if (delete.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            InsertOperation(connection, transaction, operation);
            return true;
        }, cancellationToken);

        if (deleted)
        {
            changes.Publish(ControlPlaneChange.AccessKeysDeleted([accessKeyId]));
        }

        return deleted;
    }

    public Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection, $"SELECT {AccessKeyColumns} FROM access_keys WHERE access_key_id = $id");
        command.Parameters.AddWithValue("$id", accessKeyId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? MapAccessKey(reader, withSecret: true) : null);
    }

    public Task RecordAccessKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyUse>> uses, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var update = SqliteDatabase.Command(connection,
                "UPDATE access_keys SET last_used_at = $at, last_used_region = $region, last_used_service = $service " +
                "WHERE access_key_id = $id AND (last_used_at IS NULL OR last_used_at <= $at)",
                transaction);
            var id = update.Parameters.Add("$id", SqliteType.Text);
            var at = update.Parameters.Add("$at", SqliteType.Integer);
            var region = update.Parameters.Add("$region", SqliteType.Text);
            var service = update.Parameters.Add("$service", SqliteType.Text);
            foreach (var (accessKeyId, use) in uses)
            {
                id.Value = accessKeyId;
                at.Value = use.At.ToUnixTimeMilliseconds();
                region.Value = use.Region;
                service.Value = use.ServiceName;
                update.ExecuteNonQuery();
            }

            return uses.Count;
        }, cancellationToken);

    public Task<OperationRecord?> GetOperationAsync(ResourceScope scope, string operationId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {OperationColumns} FROM operations WHERE id = $id AND account_id = $account AND region = $region");
        command.Parameters.AddWithValue("$id", operationId);
        BindScope(command, scope);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? MapOperation(reader) : null);
    }

    public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(ResourceScope scope, string? resourceName, int offset, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {OperationColumns} FROM operations WHERE account_id = $account AND region = $region " +
            (resourceName is null ? string.Empty : "AND resource_name = $resource ") +
            "ORDER BY seq DESC LIMIT $limit OFFSET $offset");
        BindScope(command, scope);
        if (resourceName is not null)
        {
            command.Parameters.AddWithValue("$resource", resourceName);
        }

        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        using var reader = command.ExecuteReader();
        var operations = new List<OperationRecord>();
        while (reader.Read())
        {
            operations.Add(MapOperation(reader));
        }

        return Task.FromResult<IReadOnlyList<OperationRecord>>(operations);
    }

    private static BucketRecord? ReadBucket(SqliteConnection connection, SqliteTransaction? transaction, ResourceScope scope, string name)
    {
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {BucketColumns} FROM buckets WHERE name = $name AND account_id = $account AND region = $region", transaction);
        command.Parameters.AddWithValue("$name", name);
        BindScope(command, scope);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MapBucket(reader) : null;
    }

    private static void BindScope(SqliteCommand command, ResourceScope scope)
    {
        command.Parameters.AddWithValue("$account", scope.AccountId);
        command.Parameters.AddWithValue("$region", scope.Region);
    }

    private static void BindBucket(SqliteCommand command, BucketRecord bucket)
    {
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$id", bucket.Id);
        BindScope(command, bucket.Scope);
        command.Parameters.AddWithValue("$bundle", bucket.BundleId);
        command.Parameters.AddWithValue("$created", bucket.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$bundleChanged", (object?)bucket.BundleChangedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$support", bucket.SupportCode);
        command.Parameters.AddWithValue("$getObject", bucket.AccessRules.GetObject == ObjectAccess.Public ? "public" : "private");
        command.Parameters.AddWithValue("$overrides", bucket.AccessRules.AllowPublicOverrides ? 1 : 0);
        command.Parameters.AddWithValue("$versioning", VersioningColumn(bucket.Versioning));
        command.Parameters.AddWithValue("$tags", StorageJson.Tags(bucket.Tags));
        command.Parameters.AddWithValue("$readonly", StorageJson.Strings(bucket.ReadonlyAccessAccounts));
        command.Parameters.AddWithValue("$receiving", StorageJson.Strings(bucket.ResourcesReceivingAccess));
        command.Parameters.AddWithValue("$accessLog", (object?)StorageJson.AccessLog(bucket.AccessLog) ?? DBNull.Value);
        command.Parameters.AddWithValue("$cors", (object?)StorageJson.Cors(bucket.CorsRules) ?? DBNull.Value);
    }

    internal static BucketRecord MapBucket(SqliteDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Id = reader.GetString(1),
        Scope = new ResourceScope(reader.GetString(2), reader.GetString(3)),
        BundleId = reader.GetString(4),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        BundleChangedAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        SupportCode = reader.GetString(7),
        AccessRules = new BucketAccessRules(reader.GetString(8) == "public" ? ObjectAccess.Public : ObjectAccess.Private, reader.GetInt64(9) != 0),
        Versioning = reader.GetString(10) switch
        {
            "Enabled" => VersioningState.Enabled,
            "Suspended" => VersioningState.Suspended,
            _ => VersioningState.Unversioned,
        },
        Tags = StorageJson.Tags(reader.GetString(11)),
        ReadonlyAccessAccounts = StorageJson.Strings(reader.GetString(12)),
        ResourcesReceivingAccess = StorageJson.Strings(reader.GetString(13)),
        AccessLog = StorageJson.AccessLog(reader.IsDBNull(14) ? null : reader.GetString(14)),
        CorsRules = StorageJson.Cors(reader.IsDBNull(15) ? null : reader.GetString(15)),
    };

    // The column keeps Lightsail's names.
    private static string VersioningColumn(VersioningState versioning) => versioning switch
    {
        VersioningState.Enabled => "Enabled",
        VersioningState.Suspended => "Suspended",
        _ => "NeverEnabled",
    };

    private AccessKeyRecord MapAccessKey(SqliteDataReader reader, bool withSecret)
    {
        var id = reader.GetString(0);
        return new AccessKeyRecord
        {
            AccessKeyId = id,
            BucketName = reader.GetString(1),
            Scope = new ResourceScope(reader.GetString(2), reader.GetString(3)),
            // Listing never decrypts: the secret leaves the store only to verify a signature.
            SecretAccessKey = withSecret ? secrets.Unprotect((byte[])reader.GetValue(4), id) : string.Empty,
            Status = reader.GetString(5),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            LastUsed = reader.IsDBNull(7)
                ? null
                : new AccessKeyUse(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetString(8), reader.GetString(9)),
        };
    }

    private static OperationRecord MapOperation(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Scope = new ResourceScope(reader.GetString(1), reader.GetString(2)),
        ResourceName = reader.GetString(3),
        ResourceType = reader.GetString(4),
        OperationType = reader.GetString(5),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        Status = reader.GetString(7),
        StatusChangedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        IsTerminal = reader.GetInt64(9) != 0,
        OperationDetails = reader.IsDBNull(10) ? null : reader.GetString(10),
        ErrorCode = reader.IsDBNull(11) ? null : reader.GetString(11),
        ErrorDetails = reader.IsDBNull(12) ? null : reader.GetString(12),
    };

    private static void InsertOperation(SqliteConnection connection, SqliteTransaction transaction, OperationRecord operation)
    {
        using var insert = SqliteDatabase.Command(connection,
            $"INSERT INTO operations ({OperationColumns}) VALUES ($id, $account, $region, $resource, $type, $operationType, $created, $status, $statusChanged, $terminal, $details, $errorCode, $errorDetails)",
            transaction);
        insert.Parameters.AddWithValue("$id", operation.Id);
        BindScope(insert, operation.Scope);
        insert.Parameters.AddWithValue("$resource", operation.ResourceName);
        insert.Parameters.AddWithValue("$type", operation.ResourceType);
        insert.Parameters.AddWithValue("$operationType", operation.OperationType);
        insert.Parameters.AddWithValue("$created", operation.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$status", operation.Status);
        insert.Parameters.AddWithValue("$statusChanged", operation.StatusChangedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$terminal", operation.IsTerminal ? 1 : 0);
        insert.Parameters.AddWithValue("$details", (object?)operation.OperationDetails ?? DBNull.Value);
        insert.Parameters.AddWithValue("$errorCode", (object?)operation.ErrorCode ?? DBNull.Value);
        insert.Parameters.AddWithValue("$errorDetails", (object?)operation.ErrorDetails ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }
}
