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
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingWrite> _pending = new();
    private readonly SemaphoreSlim _writesQueued = new(0);
    private readonly CachingSqliteConnection _writer;
    private readonly System.Collections.Concurrent.ConcurrentBag<CachingSqliteConnection> _idleReaders = [];
    private readonly int _maxIdleReaders = Math.Max(8, 2 * Environment.ProcessorCount);
    private volatile bool _disposed;
    private readonly Thread _writerThread;
    private volatile bool _stopping;

    public SqliteDatabase(string databasePath, bool durable, IEnumerable<SqliteMigration> migrations, ILogger<SqliteDatabase> logger)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The database keeps its own connections open, with their compiled statements.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();

        _writer = new CachingSqliteConnection(_connectionString, static _ => false);
        _writer.Open();
        // Durable before acknowledged: with synchronous=FULL a committed transaction survives power loss.
        Execute(_writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(durable ? "FULL" : "OFF")}; PRAGMA foreign_keys=ON;");
        SqliteMigrator.Apply(_writer, migrations, logger);
        _writerThread = new Thread(RunWriter) { IsBackground = true, Name = "SQLite writer" };
        _writerThread.Start();
    }

    /// <summary>
    /// A connection for reading (WAL readers never wait for the writer), from a pool of open ones; disposing
    /// it hands it back with the statements it has compiled.
    /// </summary>
    public SqliteConnection OpenRead()
    {
        if (_idleReaders.TryTake(out var idle))
        {
            return idle;
        }

        var connection = new CachingSqliteConnection(_connectionString, ReturnReader);
        connection.Open();
        return connection;
    }

    private bool ReturnReader(CachingSqliteConnection connection)
    {
        if (_disposed || _idleReaders.Count >= _maxIdleReaders)
        {
            return false;
        }

        _idleReaders.Add(connection);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, one writer at a time, and returns once it is
    /// committed; if it throws, its changes are rolled back and the exception comes back to the caller.
    /// </summary>
    /// <remarks>
    /// Group commit: writes that arrive while a commit is waiting on the disk are run next in one
    /// transaction, each inside its own savepoint, so that one fsync makes them all durable. The commits
    /// run on a thread of their own, so that no request thread ever waits on the disk.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        // Not cancellable once queued: it may already be part of a running transaction.
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_stopping, this);
        var write = new PendingWrite<T>(work);
        _pending.Enqueue(write);
        _writesQueued.Release();
        return write.Completion;
    }

    private void RunWriter()
    {
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        while (true)
        {
            _writesQueued.Wait();
            if (_pending.IsEmpty && _stopping)
            {
                return;
            }

            batch.Clear();
            while (batch.Count < MaxWritesPerCommit && _pending.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            // Each queued write released the semaphore once; the ones taken beyond the first are consumed here.
            for (var taken = 1; taken < batch.Count; taken++)
            {
                _writesQueued.Wait();
            }

            Commit(batch);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
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

    /// <summary>
    /// The statement for <paramref name="sql"/> on <paramref name="connection"/>: the one it compiled before when
    /// it is one of this database's connections. Dispose it after use either way.
    /// </summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        return connection is CachingSqliteConnection caching
            ? caching.Statement(sql, transaction)
            : OneOffCommand(connection, sql, transaction);
    }

    /// <summary>A statement compiled for this use only: for SQL that runs once, such as a migration.</summary>
    internal static SqliteCommand OneOffCommand(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Reads the rows of <paramref name="sql"/> on one of this database's connections, statement compiled once.</summary>
    public static SqliteRowReader Rows(SqliteConnection connection, string sql) =>
        connection is CachingSqliteConnection caching
            ? caching.Rows(sql)
            : throw new ArgumentException("Row readers run on the database's own connections.", nameof(connection));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // Writes already queued are committed before the writer stops.
        _stopping = true;
        _writesQueued.Release();
        _writerThread.Join();
        _disposed = true;
        _writer.Close();
        _writer.Dispose();
        _writesQueued.Dispose();
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Close();
            reader.Dispose();
        }
    }

    /// <summary>One queued write: its work, then its result or exception once its transaction ends.</summary>
    private abstract class PendingWrite
    {
        public bool Failed => Error is not null;

        protected Exception? Error { get; private set; }

        public void Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            try
            {
                Execute(connection, transaction);
            }
            catch (Exception ex)
            {
                Error = ex;
            }
        }

        public void Abandon(Exception ex) => Error ??= ex;

        public abstract void Finish();

        protected abstract void Execute(SqliteConnection connection, SqliteTransaction transaction);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> work) : PendingWrite
    {
        // Continuations run on the thread pool, never on the writer's thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Completion => _completion.Task;

        public override void Finish()
        {
            if (Error is null)
            {
                _completion.SetResult(_result);
            }
            else
            {
                _completion.SetException(Error);
            }
        }

        protected override void Execute(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);
    }
}
