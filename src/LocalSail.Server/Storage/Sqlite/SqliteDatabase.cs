using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// The embedded SQLite database: WAL, one serialized writer, any number of pooled readers, and the
/// versioned migrations applied at open.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private const int MaxWritesPerCommit = 64;
    private const string SavepointName = "write";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingWrite> _pending = new();
    private readonly SqliteConnection _writer;

    public SqliteDatabase(string databasePath, bool durable, IEnumerable<SqliteMigration> migrations, ILogger<SqliteDatabase> logger)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // Durable before acknowledged: with synchronous=FULL a committed transaction survives power loss.
        Execute(_writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(durable ? "FULL" : "OFF")}; PRAGMA foreign_keys=ON;");
        SqliteMigrator.Apply(_writer, migrations, logger);
    }

    /// <summary>Opens a pooled connection for reading (WAL readers never wait for the writer).</summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, one writer at a time, and returns once it is
    /// committed; if it throws, its changes are rolled back and the exception comes back to the caller.
    /// </summary>
    /// <remarks>
    /// Group commit: writes that arrive while a commit is waiting on the disk are run by the next writer
    /// in one transaction, each inside its own savepoint, so that one fsync makes them all durable.
    /// </remarks>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(work);
        _pending.Enqueue(write);

        // Not cancellable once queued: another writer may already be running it.
        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            while (!write.IsDone)
            {
                CommitPending();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return write.Result;
    }

    private void CommitPending()
    {
        var batch = new List<PendingWrite>();
        while (batch.Count < MaxWritesPerCommit && _pending.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            if (batch.Count == 1)
            {
                batch[0].Run(_writer, transaction);
                if (batch[0].Failed)
                {
                    transaction.Rollback();
                    batch[0].Finish();
                    return;
                }
            }
            else
            {
                foreach (var write in batch)
                {
                    transaction.Save(SavepointName);
                    write.Run(_writer, transaction);
                    if (write.Failed)
                    {
                        transaction.Rollback(SavepointName);
                    }

                    transaction.Release(SavepointName);
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // The transaction itself failed (the disk, not one write): nothing in the batch was committed.
            foreach (var write in batch)
            {
                write.Abandon(ex);
            }
        }

        foreach (var write in batch)
        {
            write.Finish();
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    /// <summary>One queued write: its work, then its result or exception once its transaction ends.</summary>
    private abstract class PendingWrite
    {
        private volatile bool _done;

        public bool IsDone => _done;

        public bool Failed => Error is not null;

        protected System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error { get; private set; }

        public void Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            try
            {
                Execute(connection, transaction);
            }
            catch (Exception ex)
            {
                Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        }

        public void Abandon(Exception ex) => Error ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);

        public void Finish() => _done = true;

        protected abstract void Execute(SqliteConnection connection, SqliteTransaction transaction);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> work) : PendingWrite
    {
        private T _result = default!;

        public T Result
        {
            get
            {
                Error?.Throw();
                return _result;
            }
        }

        protected override void Execute(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);
    }
}
