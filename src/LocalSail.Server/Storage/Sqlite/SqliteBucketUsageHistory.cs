using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>Usage samples in SQLite, one row per bucket and time.</summary>
internal sealed class SqliteBucketUsageHistory(SqliteDatabase database) : IBucketUsageHistory
{
    public Task RecordAsync(IReadOnlyCollection<BucketUsageSample> samples, DateTimeOffset keepFrom, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using (var insert = SqliteDatabase.Command(connection,
                "INSERT OR REPLACE INTO bucket_usage_samples (bucket_id, sampled_at, size_bytes, object_count) VALUES ($bucket, $at, $size, $count)",
                transaction))
            {
                var bucket = insert.Parameters.Add("$bucket", SqliteType.Text);
                var at = insert.Parameters.Add("$at", SqliteType.Integer);
                var size = insert.Parameters.Add("$size", SqliteType.Integer);
                var count = insert.Parameters.Add("$count", SqliteType.Integer);
                foreach (var sample in samples)
                {
                    bucket.Value = sample.BucketId;
                    at.Value = sample.At.ToUnixTimeMilliseconds();
                    size.Value = sample.SizeBytes;
                    count.Value = sample.ObjectCount;
                    insert.ExecuteNonQuery();
                }
            }

            using var prune = SqliteDatabase.Command(connection, "DELETE FROM bucket_usage_samples WHERE sampled_at < $keepFrom", transaction);
            prune.Parameters.AddWithValue("$keepFrom", keepFrom.ToUnixTimeMilliseconds());
            return prune.ExecuteNonQuery();
        }, cancellationToken);

    public Task<IReadOnlyList<BucketUsageSample>> ListAsync(string bucketId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var command = SqliteDatabase.Command(connection,
            "SELECT sampled_at, size_bytes, object_count FROM bucket_usage_samples " +
            "WHERE bucket_id = $bucket AND sampled_at >= $from AND sampled_at < $before ORDER BY sampled_at");
        command.Parameters.AddWithValue("$bucket", bucketId);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var samples = new List<BucketUsageSample>();
        while (reader.Read())
        {
            samples.Add(new BucketUsageSample(bucketId, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return Task.FromResult<IReadOnlyList<BucketUsageSample>>(samples);
    }
}
