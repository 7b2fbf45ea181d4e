using LocalSail.Server.AccessLogs;
using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The access log journal in SQLite: lines, and the batches that claim them, changed in write transactions only.</summary>
internal sealed class SqliteAccessLogJournal(SqliteDatabase database) : IAccessLogJournal
{
    public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync(entries, static (connection, transaction, entries) =>
        {
            using var insert = SqliteDatabase.Command(connection,
                "INSERT INTO access_log_lines (source_bucket_id, source_bucket, line) VALUES ($id, $bucket, $line)", transaction);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var bucket = insert.Parameters.Add("$bucket", SqliteType.Text);
            var line = insert.Parameters.Add("$line", SqliteType.Text);
            foreach (var entry in entries)
            {
                id.Value = entry.SourceBucketId;
                bucket.Value = entry.SourceBucket;
                line.Value = entry.Line;
                insert.ExecuteNonQuery();
            }

            return entries.Count;
        }, cancellationToken);

    public Task<IReadOnlyList<AccessLogBatch>> ClaimAsync(
        string deliverer, DateTimeOffset now, DateTimeOffset leaseUntil, int maxLinesPerBatch, Func<string> nameBatch, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var until = leaseUntil.ToUnixTimeMilliseconds();
            using (var takeOver = SqliteDatabase.Command(connection,
                "UPDATE access_log_batches SET deliverer = $deliverer, lease_until = $until WHERE lease_until <= $now OR deliverer = $deliverer", transaction))
            {
                takeOver.Parameters.AddWithValue("$deliverer", deliverer);
                takeOver.Parameters.AddWithValue("$until", until);
                takeOver.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                takeOver.ExecuteNonQuery();
            }

            var sources = new List<(string Id, string Name)>();
            using (var waiting = SqliteDatabase.Command(connection,
                "SELECT source_bucket_id, MIN(source_bucket) FROM access_log_lines WHERE batch IS NULL GROUP BY source_bucket_id", transaction))
            using (var reader = waiting.ExecuteReader())
            {
                while (reader.Read())
                {
                    sources.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (sourceId, sourceName) in sources)
            {
                while (ClaimBatch(connection, transaction, deliverer, until, sourceId, sourceName, maxLinesPerBatch, nameBatch()) == maxLinesPerBatch)
                {
                }
            }

            return ReadClaimed(connection, transaction, deliverer);
        }, cancellationToken);

    public Task CompleteAsync(string batchName, CancellationToken cancellationToken) =>
        database.WriteAsync(batchName, static (connection, transaction, name) =>
        {
            using var delete = SqliteDatabase.Command(connection, "DELETE FROM access_log_batches WHERE name = $name", transaction);
            delete.Parameters.AddWithValue("$name", name);
            return delete.ExecuteNonQuery();
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenRead();
        using var count = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM access_log_lines");
        return Task.FromResult((long)count.ExecuteScalar()!);
    }

    /// <summary>Claims up to <paramref name="max"/> waiting lines of one bucket into a new batch; how many it took.</summary>
    private static int ClaimBatch(
        SqliteConnection connection, SqliteTransaction transaction, string deliverer, long until, string sourceId, string sourceName, int max, string name)
    {
        using (var batch = SqliteDatabase.Command(connection,
            "INSERT INTO access_log_batches (name, source_bucket_id, source_bucket, deliverer, lease_until) VALUES ($name, $id, $bucket, $deliverer, $until)",
            transaction))
        {
            batch.Parameters.AddWithValue("$name", name);
            batch.Parameters.AddWithValue("$id", sourceId);
            batch.Parameters.AddWithValue("$bucket", sourceName);
            batch.Parameters.AddWithValue("$deliverer", deliverer);
            batch.Parameters.AddWithValue("$until", until);
            batch.ExecuteNonQuery();
        }

        using var claim = SqliteDatabase.Command(connection,
            "UPDATE access_log_lines SET batch = $name WHERE id IN " +
            "(SELECT id FROM access_log_lines WHERE batch IS NULL AND source_bucket_id = $id ORDER BY id LIMIT $max)",
            transaction);
        claim.Parameters.AddWithValue("$name", name);
        claim.Parameters.AddWithValue("$id", sourceId);
        claim.Parameters.AddWithValue("$max", max);
        var claimed = claim.ExecuteNonQuery();
        if (claimed == 0)
        {
            using var empty = SqliteDatabase.Command(connection, "DELETE FROM access_log_batches WHERE name = $name", transaction);
            empty.Parameters.AddWithValue("$name", name);
            empty.ExecuteNonQuery();
        }

        return claimed;
    }

    private static IReadOnlyList<AccessLogBatch> ReadClaimed(SqliteConnection connection, SqliteTransaction transaction, string deliverer)
    {
        var batches = new List<(string Name, string SourceId, string Source)>();
        using (var held = SqliteDatabase.Command(connection,
            "SELECT name, source_bucket_id, source_bucket FROM access_log_batches WHERE deliverer = $deliverer ORDER BY name", transaction))
        {
            held.Parameters.AddWithValue("$deliverer", deliverer);
            using var reader = held.ExecuteReader();
            while (reader.Read())
            {
                batches.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var claimed = new List<AccessLogBatch>(batches.Count);
        using var lines = SqliteDatabase.Command(connection, "SELECT line FROM access_log_lines WHERE batch = $name ORDER BY id", transaction);
        var nameParameter = lines.Parameters.Add("$name", SqliteType.Text);
        foreach (var (name, sourceId, source) in batches)
        {
            nameParameter.Value = name;
            var batchLines = new List<string>();
            using (var reader = lines.ExecuteReader())
            {
                while (reader.Read())
                {
                    batchLines.Add(reader.GetString(0));
                }
            }

            claimed.Add(new AccessLogBatch(name, sourceId, source, batchLines));
        }

        return claimed;
    }
}
