using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// The control plane's version in PostgreSQL (<see cref="SharedControlPlaneVersion"/>): the sum of sixteen counters.
/// A change to a bucket or its keys increases the counter its bucket's name falls on, in the change's own
/// transaction, so the sum grows with every committed change and with nothing else.
/// </summary>
internal sealed class PostgresControlPlaneVersion(PostgresDatabase database) : IControlPlaneVersionSource
{
    // As many as the migration (1001) creates.
    private const int Slots = 16;

    /// <summary>The change feed of a node on <paramref name="database"/>: incomplete, with the version its caches check.</summary>
    public static ControlPlaneChanges NodeChanges(PostgresDatabase database) =>
        new() { IsComplete = false, SharedVersion = new SharedControlPlaneVersion(new PostgresControlPlaneVersion(database)) };

    // Sent with the object reads of the same moment: one round trip answers both.
    public Task<long> ReadAsync(CancellationToken cancellationToken) =>
        database.Reads.ReadAsync(
            new PostgresRead<long>(static () => new NpgsqlBatchCommand("SELECT sum(version)::bigint FROM control_plane_version"), static reader => reader.GetInt64(0), 0),
            cancellationToken);

    /// <summary>Counts a change to <paramref name="bucketName"/> or its keys, in the transaction that makes it.</summary>
    public static async Task CountChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string bucketName, CancellationToken cancellationToken)
    {
        await using var update = PostgresDatabase.Command(connection, "UPDATE control_plane_version SET version = version + 1 WHERE slot = @slot", transaction)
            .With("slot", SlotOf(bucketName));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    // FNV-1a: the same slot on every node, so that two nodes changing one bucket wait for one row, not two.
    private static int SlotOf(string bucketName)
    {
        var hash = 2166136261u;
        foreach (var c in bucketName)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Slots);
    }
}
