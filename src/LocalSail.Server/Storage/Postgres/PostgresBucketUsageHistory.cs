using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>Usage samples in PostgreSQL, one row per bucket and time; nodes that sample at the same moment keep one row.</summary>
internal sealed class PostgresBucketUsageHistory(PostgresDatabase database) : IBucketUsageHistory
{
    public Task RecordAsync(IReadOnlyCollection<BucketUsageSample> samples, DateTimeOffset keepFrom, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                foreach (var sample in samples)
                {
                    var insert = new NpgsqlBatchCommand(
                        "INSERT INTO bucket_usage_samples (bucket_id, sampled_at, size_bytes, object_count) VALUES ($1, $2, $3, $4) " +
                        "ON CONFLICT (bucket_id, sampled_at) DO UPDATE SET size_bytes = EXCLUDED.size_bytes, object_count = EXCLUDED.object_count");
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sample.BucketId });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sample.At.ToUnixTimeMilliseconds() });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sample.SizeBytes });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sample.ObjectCount });
                    batch.BatchCommands.Add(insert);
                }

                var prune = new NpgsqlBatchCommand("DELETE FROM bucket_usage_samples WHERE sampled_at < $1");
                prune.Parameters.Add(new NpgsqlParameter<long> { TypedValue = keepFrom.ToUnixTimeMilliseconds() });
                batch.BatchCommands.Add(prune);
                return await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<BucketUsageSample>> ListAsync(string bucketId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            "SELECT sampled_at, size_bytes, object_count FROM bucket_usage_samples " +
            "WHERE bucket_id = @bucket AND sampled_at >= @from AND sampled_at < @before ORDER BY sampled_at")
            .With("bucket", bucketId)
            .With("from", from)
            .With("before", before);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var samples = new List<BucketUsageSample>();
        while (await reader.ReadAsync(cancellationToken))
        {
            samples.Add(new BucketUsageSample(bucketId, reader.Time(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return samples;
    }
}
