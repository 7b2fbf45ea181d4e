namespace LocalSail.Server.Storage.Postgres;

/// <summary>The store as a whole, in PostgreSQL: a health check, every bucket, counts, and emptying the history.</summary>
internal sealed class PostgresStoreAdministration(PostgresDatabase database) : IStoreAdministration
{
    public Task CheckAsync(CancellationToken cancellationToken) =>
        // A transaction that reads and takes a row lock proves the database answers reads and writes.
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var read = PostgresDatabase.Command(connection, "SELECT COUNT(*) FROM schema_migrations", transaction);
            return await read.ExecuteScalarAsync(cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<BucketRecord>> ListAllBucketsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            $"SELECT {PostgresControlPlaneStore.BucketColumns} FROM buckets ORDER BY account_id, region, name");
        return await PostgresControlPlaneStore.ReadBucketsAsync(command, cancellationToken);
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection, "SELECT (SELECT COUNT(*) FROM buckets), (SELECT COUNT(*) FROM access_keys)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1));
    }

    public Task<long> DeleteHistoryAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using (var samples = PostgresDatabase.Command(connection, "DELETE FROM bucket_usage_samples", transaction))
            {
                await samples.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var operations = PostgresDatabase.Command(connection, "DELETE FROM operations", transaction);
            return (long)await operations.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
