using LocalSail.Server.AccessLogs;
using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// The access log journal in PostgreSQL, shared by every node: a node claims waiting lines with
/// <c>FOR UPDATE SKIP LOCKED</c>, so two nodes claiming at once never take the same line, and takes over a batch
/// only once its lease ran out (the update re-checks the lease under the row's lock).
/// </summary>
internal sealed class PostgresAccessLogJournal(PostgresDatabase database) : IAccessLogJournal
{
    public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var entry in entries)
            {
                var command = new NpgsqlBatchCommand("INSERT INTO access_log_lines (source_bucket_id, source_bucket, line) VALUES (@id, @bucket, @line)");
                command.Parameters.AddWithValue("id", entry.SourceBucketId);
                command.Parameters.AddWithValue("bucket", entry.SourceBucket);
                command.Parameters.AddWithValue("line", entry.Line);
                batch.BatchCommands.Add(command);
            }

            return entries.Count == 0 ? 0 : await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<AccessLogBatch>> ClaimAsync(
        string deliverer, DateTimeOffset now, DateTimeOffset leaseUntil, int maxLinesPerBatch, Func<string> nameBatch, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using (var takeOver = PostgresDatabase.Command(connection,
                "UPDATE access_log_batches SET deliverer = @deliverer, lease_until = @until WHERE lease_until <= @now OR deliverer = @deliverer", transaction)
                .With("deliverer", deliverer).With("until", leaseUntil).With("now", now))
            {
                await takeOver.ExecuteNonQueryAsync(cancellationToken);
            }

            var sources = new List<(string Id, string Name)>();
            await using (var waiting = PostgresDatabase.Command(connection,
                "SELECT source_bucket_id, MIN(source_bucket) FROM access_log_lines WHERE batch IS NULL GROUP BY source_bucket_id", transaction))
            await using (var reader = await waiting.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    sources.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (sourceId, sourceName) in sources)
            {
                while (await ClaimBatchAsync(connection, transaction, deliverer, leaseUntil, sourceId, sourceName, maxLinesPerBatch, nameBatch(), cancellationToken) == maxLinesPerBatch)
                {
                }
            }

            return await ReadClaimedAsync(connection, transaction, deliverer, cancellationToken);
        }, cancellationToken);

    public Task CompleteAsync(string batchName, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var delete = PostgresDatabase.Command(connection, "DELETE FROM access_log_batches WHERE name = @name", transaction).With("name", batchName);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = PostgresDatabase.Command(connection, "SELECT COUNT(*) FROM access_log_lines");
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Claims up to <paramref name="max"/> waiting lines of one bucket into a new batch; how many it took.</summary>
    private static async Task<int> ClaimBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string deliverer, DateTimeOffset until, string sourceId, string sourceName, int max, string name,
        CancellationToken cancellationToken)
    {
        await using (var batch = PostgresDatabase.Command(connection,
            "INSERT INTO access_log_batches (name, source_bucket_id, source_bucket, deliverer, lease_until) VALUES (@name, @id, @bucket, @deliverer, @until)",
            transaction)
            .With("name", name).With("id", sourceId).With("bucket", sourceName).With("deliverer", deliverer).With("until", until))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        int claimed;
        await using (var claim = PostgresDatabase.Command(connection,
            "UPDATE access_log_lines SET batch = @name WHERE id IN " +
            "(SELECT id FROM access_log_lines WHERE batch IS NULL AND source_bucket_id = @id ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)",
            transaction)
            .With("name", name).With("id", sourceId).With("max", max))
        {
            claimed = await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        if (claimed == 0)
        {
            await using var empty = PostgresDatabase.Command(connection, "DELETE FROM access_log_batches WHERE name = @name", transaction).With("name", name);
            await empty.ExecuteNonQueryAsync(cancellationToken);
        }

        return claimed;
    }

    private static async Task<IReadOnlyList<AccessLogBatch>> ReadClaimedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string deliverer, CancellationToken cancellationToken)
    {
        var batches = new List<(string Name, string SourceId, string Source)>();
        await using (var held = PostgresDatabase.Command(connection,
            "SELECT name, source_bucket_id, source_bucket FROM access_log_batches WHERE deliverer = @deliverer ORDER BY name", transaction)
            .With("deliverer", deliverer))
        await using (var reader = await held.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var claimed = new List<AccessLogBatch>(batches.Count);
        foreach (var (name, sourceId, source) in batches)
        {
            var lines = new List<string>();
            await using (var select = PostgresDatabase.Command(connection, "SELECT line FROM access_log_lines WHERE batch = @name ORDER BY id", transaction).With("name", name))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0));
                }
            }

            claimed.Add(new AccessLogBatch(name, sourceId, source, lines));
        }

        return claimed;
    }
}
