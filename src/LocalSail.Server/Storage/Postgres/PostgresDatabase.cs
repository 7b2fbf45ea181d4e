using LocalSail.Server.Storage.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by every LocalSail node: a pool of connections, the versioned migrations applied at
/// open (under an advisory lock, so nodes that start together migrate once), and a transaction helper. Each write
/// is one transaction, committed (durably, with PostgreSQL's <c>synchronous_commit</c>) before its task completes;
/// concurrent commits share WAL flushes inside PostgreSQL.
/// </summary>
internal sealed partial class PostgresDatabase : IDisposable
{
    // An advisory lock id of LocalSail's own ("LSMIGRAT"): migrations run under it, one node at a time.
    private const long MigrationLockId = 0x4C534D4947524154;
    private const int MaxAttempts = 5;
    private readonly ILogger<PostgresDatabase> _logger;

    public PostgresDatabase(string connectionString, IEnumerable<PostgresMigration> migrations, ILogger<PostgresDatabase> logger)
    {
        _logger = logger;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName ??= "localsail";
        // The same few statements run on every request: prepared once per connection, not parsed each time.
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        // LocalSail sets no session state (no SET, no temporary tables, no LISTEN, only transaction-scoped advisory
        // locks), so a connection handed back to the pool needs no reset: without this, each next query on it makes
        // PostgreSQL run half a dozen reset statements first.
        settings.NoResetOnClose = true;

        DataSource = builder.Build();
        Reads = new PostgresReadBatches(DataSource, Environment.ProcessorCount);
        Migrate(migrations);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Where the single-row reads every GET makes are sent, together with the others made at the same time.</summary>
    public PostgresReadBatches Reads { get; }

    /// <summary>A connection from the pool; dispose it to hand it back.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; if it throws, nothing is written and the exception
    /// comes back. A transaction that lost a deadlock or a serialization conflict to another node's is run again.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(connection, transaction);
                // Once the work is done the commit is not cancelled: a client gone away must not leave its outcome unknown here.
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
            {
                LogRetried(_logger, ex.SqlState, attempt);
            }
        }
    }

    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    public void Dispose() => DataSource.Dispose();

    private void Migrate(IEnumerable<PostgresMigration> migrations)
    {
        using var connection = DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var lockMigrations = Command(connection, "SELECT pg_advisory_xact_lock(@id)", transaction))
        {
            lockMigrations.Parameters.AddWithValue("id", MigrationLockId);
            lockMigrations.ExecuteNonQuery();
        }

        using (var create = Command(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction))
        {
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<int>();
        using (var read = Command(connection, "SELECT version FROM schema_migrations", transaction))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var at = DateTimeOffset.UtcNow.ToString("O");
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            using (var apply = Command(connection, migration.Sql, transaction))
            {
                apply.ExecuteNonQuery();
            }

            using var record = Command(connection, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("at", at);
            record.ExecuteNonQuery();
            LogMigrated(_logger, migration.Version, migration.Name);
        }

        transaction.Commit();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied PostgreSQL schema migration {Version} {Name}")]
    private static partial void LogMigrated(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A PostgreSQL transaction conflicted with another ({SqlState}) and runs again (attempt {Attempt})")]
    private static partial void LogRetried(ILogger logger, string sqlState, int attempt);
}

/// <summary>Parameters with their types stated, so that a null is still typed.</summary>
internal static class PostgresParameters
{
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    /// <summary>
    /// The next positional parameter (<c>$1</c>, <c>$2</c>, ...): a statement with only these is sent as written,
    /// without Npgsql parsing it for names first.
    /// </summary>
    public static NpgsqlBatchCommand WithPositional(this NpgsqlBatchCommand command, string value)
    {
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, long value)
    {
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, long? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, int value)
    {
        command.Parameters.Add(new NpgsqlParameter<int>(name, NpgsqlDbType.Integer) { TypedValue = value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, bool value)
    {
        command.Parameters.Add(new NpgsqlParameter<bool>(name, NpgsqlDbType.Boolean) { TypedValue = value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, byte[]? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bytea) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset value) => command.With(name, value.ToUnixTimeMilliseconds());

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset? value) => command.With(name, value?.ToUnixTimeMilliseconds());

    public static string? NullableString(this NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public static DateTimeOffset Time(this NpgsqlDataReader reader, int column) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
