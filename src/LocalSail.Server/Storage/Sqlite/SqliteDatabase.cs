using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// The embedded SQLite database: WAL, one serialized writer, any number of pooled readers, and the
/// versioned migrations applied at open.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private const int MaxWritesPerCommit = 64;
    private const string SavepointName = "write";

    // The longest a commit waits for the writers of the last round (the event's timeouts are in milliseconds).
    private const int CommitDelayMilliseconds = 1;
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingWrite> _pending = new();
    private int _queuedCount;

    // The writer sleeps until _queuedCount reaches this; int.MaxValue while it is awake. Writers that queue
    // while it is busy committing do not signal it: it looks at the queue before it sleeps again.
    private int _wakeWriterAt = int.MaxValue;

    // No spinning: on one CPU a spinning writer only delays the requests that would queue the writes it waits for.
    private readonly ManualResetEventSlim _writerWoken = new(false, spinCount: 0);
    private readonly bool _completeOnWriterThread;
    private readonly CachingSqliteConnection _writer;
    private readonly System.Collections.Concurrent.ConcurrentBag<CachingSqliteConnection> _idleReaders = [];
    private readonly int _maxIdleReaders = Math.Max(8, 2 * Environment.ProcessorCount);
    private volatile bool _disposed;
    private readonly Thread _writerThread;
    private volatile bool _stopping;

    /// <param name="completeOnWriterThread">
    /// Whether a committed write's continuation runs on the writer's thread instead of the thread pool: for
    /// a process that runs its requests inline on one CPU, where the hand-off only adds two thread switches.
    /// </param>
    public SqliteDatabase(string databasePath, bool durable, IEnumerable<SqliteMigration> migrations, ILogger<SqliteDatabase> logger, bool completeOnWriterThread = false)
    {
        _completeOnWriterThread = completeOnWriterThread;
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
        SqliteNative.VerifyLibrary();
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
    /// transaction, each inside its own savepoint, so that one fsync makes them all durable (see
    /// <see cref="WaitForLastRound"/>). The commits run on a thread of their own, so that no request thread
    /// ever waits on the disk.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        WriteAsync(work, static (connection, transaction, inner) => inner(connection, transaction), cancellationToken);

    /// <summary>
    /// <see cref="WriteAsync{T}(Func{SqliteConnection, SqliteTransaction, T}, CancellationToken)"/> with the work's
    /// state passed along, so that a write on a hot path needs no closure.
    /// </summary>
    public Task<T> WriteAsync<TState, T>(TState state, Func<SqliteConnection, SqliteTransaction, TState, T> work, CancellationToken cancellationToken)
    {
        // Not cancellable once queued: it may already be part of a running transaction.
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_stopping, this);
        var write = new PendingWrite<TState, T>(state, work, _completeOnWriterThread);
        _pending.Enqueue(write);
        // Both sides publish, then read the other's value with a full fence: the writer either sees this
        // write before it sleeps or is woken by it.
        if (Interlocked.Increment(ref _queuedCount) >= Volatile.Read(ref _wakeWriterAt)
            && Interlocked.Exchange(ref _wakeWriterAt, int.MaxValue) != int.MaxValue)
        {
            _writerWoken.Set();
        }

        return write.Completion;
    }

    private void RunWriter()
    {
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        var lastRound = 0;
        while (true)
        {
            WaitUntilQueued(1, Timeout.Infinite);
            if (_stopping && _pending.IsEmpty)
            {
                return;
            }

            var roundCameBack = WaitForLastRound(lastRound);
            batch.Clear();
            while (batch.Count < MaxWritesPerCommit && _pending.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            // A write is counted just after it is queued, so the count can lag behind the queue for a moment.
            Interlocked.Add(ref _queuedCount, -batch.Count);
            if (batch.Count == 0)
            {
                continue;
            }

            Commit(batch);

            // Next time, wait for this commit's writers and those that queued while it ran; after a round that
            // did not come back, for nobody.
            lastRound = roundCameBack ? Math.Min(MaxWritesPerCommit, batch.Count + Volatile.Read(ref _queuedCount)) : 0;
        }
    }

    /// <summary>
    /// A commit delay, as PostgreSQL's, that waits only for writes it has reason to expect. Writers that
    /// each wait for their commit before sending the next write (a client with a few requests in flight)
    /// otherwise settle into two groups: one group's writes queue while the other's commit waits on the
    /// disk, and every fsync serves half of them. So the next commit waits, for at most
    /// <see cref="CommitDelayMilliseconds"/>, until as many writes are queued as the last commit carried
    /// plus those that queued while it ran; a single writer never waits, and a round that does not come
    /// back ends the waiting.
    /// </summary>
    /// <returns>Whether the expected writes arrived.</returns>
    private bool WaitForLastRound(int lastRound) =>
        lastRound <= 1 || WaitUntilQueued(lastRound, CommitDelayMilliseconds);

    private bool WaitUntilQueued(int count, int timeoutMilliseconds)
    {
        if (Volatile.Read(ref _queuedCount) >= count || _stopping)
        {
            return true;
        }

        _writerWoken.Reset();
        Interlocked.Exchange(ref _wakeWriterAt, count);
        if (Volatile.Read(ref _queuedCount) < count && !_stopping)
        {
            _writerWoken.Wait(timeoutMilliseconds);
        }

        Interlocked.Exchange(ref _wakeWriterAt, int.MaxValue);
        return Volatile.Read(ref _queuedCount) >= count || _stopping;
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
        _writerWoken.Set();

        // From a continuation on the writer's own thread it cannot wait for itself; its loop ends when the
        // continuation returns.
        if (Thread.CurrentThread != _writerThread)
        {
            _writerThread.Join();
        }

        _disposed = true;
        _writer.Close();
        _writer.Dispose();
        _writerWoken.Dispose();
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

    private sealed class PendingWrite<TState, T>(TState state, Func<SqliteConnection, SqliteTransaction, TState, T> work, bool completeOnWriterThread) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(completeOnWriterThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
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

        protected override void Execute(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction, state);
    }
}
