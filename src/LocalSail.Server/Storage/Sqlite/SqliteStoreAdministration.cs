namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The store as a whole, in SQLite: a health check, every bucket, counts, and emptying the history.</summary>
internal sealed class SqliteStoreAdministration(SqliteDatabase database) : IStoreAdministration
{
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using (var connection = database.OpenRead())
        using (var read = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM schema_migrations"))
        {
            read.ExecuteScalar();
        }

        // A transaction that changes nothing writes nothing, yet proves the writer answers and the lock can be taken.
        await database.WriteAsync((_, _) => 0, cancellationToken);
    }

    public Task<IReadOnlyList<BucketRecord>> ListAllBucketsAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {SqliteControlPlaneStore.BucketColumns} FROM buckets ORDER BY account_id, region, name");
        using var reader = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (reader.Read())
        {
            buckets.Add(SqliteControlPlaneStore.MapBucket(reader));
        }

        return Task.FromResult<IReadOnlyList<BucketRecord>>(buckets);
    }

    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "SELECT (SELECT COUNT(*) FROM buckets), (SELECT COUNT(*) FROM access_keys)");
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new StoreCounts(reader.GetInt64(0), reader.GetInt64(1)));
    }

    public Task<long> DeleteHistoryAsync(CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using (var samples = SqliteDatabase.Command(connection, "DELETE FROM bucket_usage_samples", transaction))
            {
                samples.ExecuteNonQuery();
            }

            using var operations = SqliteDatabase.Command(connection, "DELETE FROM operations", transaction);
            return (long)operations.ExecuteNonQuery();
        }, cancellationToken);
}
