using Npgsql;

namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// Single-row reads that requests make at the same time, sent to PostgreSQL together: one batch of statements,
/// one round trip, each caller handed its own result. Only reads outside a transaction come here, the ones every
/// GET makes (an object's row, the control plane's version). A round trip costs more than such a statement:
/// on a core shared with PostgreSQL, two context switches and a write and a read on each side.
/// </summary>
/// <remarks>
/// <para>
/// A read joins the batch still to start, never one in flight, so its statement always runs after it was asked
/// for: what <see cref="SharedControlPlaneVersion"/>'s guarantee needs, and what a client that wrote an object
/// and then reads it expects. A batch starts once the work already queued on the thread pool had its turn (the
/// requests behind it reach their reads first and join it), at most one per CPU at a time; as one returns, the
/// reads that came meanwhile start as the next.
/// </para>
/// <para>
/// The statements of a batch run one after another in PostgreSQL's implicit transaction, each with a snapshot of
/// its own (READ COMMITTED), as they would alone. If PostgreSQL refuses a statement, the reads it did not answer run
/// again, each alone, so that one failing statement fails only its own caller; if the connection fails, they all fail.
/// </para>
/// </remarks>
internal sealed class PostgresReadBatches(NpgsqlDataSource dataSource, int maxInFlight)
{
    private readonly Lock _gate = new();

    // The reads of the batch still to start, which callers join; null when there are none.
    private List<PostgresRead>? _toStart;

    // Whether a batch is on its way to take _toStart, and how many batches are started and not yet returned.
    private bool _starting;
    private int _inFlight;

    /// <summary>Runs <paramref name="read"/> in the next batch and returns its result.</summary>
    public Task<T> ReadAsync<T>(PostgresRead<T> read, CancellationToken cancellationToken)
    {
        bool start;
        lock (_gate)
        {
            (_toStart ??= []).Add(read);
            start = !_starting && _inFlight < maxInFlight;
            if (start)
            {
                _starting = true;
                _inFlight++;
            }
        }

        if (start)
        {
            _ = RunBatchesAsync();
        }

        return read.Result.WaitAsync(cancellationToken);
    }

    /// <summary>Runs the batch still to start, then again for the reads that came during it, until none did.</summary>
    private async Task RunBatchesAsync()
    {
        await Task.Yield();
        while (true)
        {
            List<PostgresRead> reads;
            lock (_gate)
            {
                // Taken as the batch starts: whoever comes from now on joins the next one.
                reads = _toStart!;
                _toStart = null;
                _starting = false;
            }

            await ExecuteAsync(reads);

            lock (_gate)
            {
                if (_toStart is null || _starting)
                {
                    _inFlight--;
                    return;
                }

                _starting = true;
            }
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<PostgresRead> reads)
    {
        var answered = 0;
        try
        {
            // Not a caller's token: the batch serves every caller in it, and each stops waiting on its own.
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var read in reads)
            {
                batch.BatchCommands.Add(read.NewCommand());
            }

            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            do
            {
                await reads[answered].AnswerAsync(reader);
                answered++;
            }
            while (answered < reads.Count && await reader.NextResultAsync(CancellationToken.None));

            if (answered < reads.Count)
            {
                throw new InvalidOperationException($"A batch of {reads.Count} reads returned {answered} results.");
            }
        }
        catch (PostgresException) when (reads.Count > 1)
        {
            // PostgreSQL refused a statement and skipped the rest of the batch: each unanswered read runs alone.
            foreach (var read in reads.Skip(answered))
            {
                await ExecuteAsync([read]);
            }
        }
        catch (Exception ex)
        {
            // No answer at all (the connection, the server): every read still waiting learns it at once.
            foreach (var read in reads.Skip(answered))
            {
                read.Fail(ex);
            }
        }
    }
}

/// <summary>One statement of a <see cref="PostgresReadBatches"/> batch, and what its caller waits for.</summary>
internal abstract class PostgresRead
{
    /// <summary>The statement, made anew for each batch it is sent in.</summary>
    public abstract NpgsqlBatchCommand NewCommand();

    /// <summary>Reads the statement's result set, where <paramref name="reader"/> stands, and hands it to the caller.</summary>
    public abstract ValueTask AnswerAsync(NpgsqlDataReader reader);

    public abstract void Fail(Exception exception);
}

/// <summary>A read of at most one row: <paramref name="map"/> makes the caller's value of it, or it gets <paramref name="none"/>.</summary>
internal sealed class PostgresRead<T>(Func<NpgsqlBatchCommand> command, Func<NpgsqlDataReader, T> map, T none) : PostgresRead
{
    // Continuations run on the thread pool, not in the batch, which goes on to answer the others.
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Result => _result.Task;

    public override NpgsqlBatchCommand NewCommand() => command();

    public override async ValueTask AnswerAsync(NpgsqlDataReader reader)
    {
        if (!await reader.ReadAsync(CancellationToken.None))
        {
            _result.TrySetResult(none);
            return;
        }

        try
        {
            _result.TrySetResult(map(reader));
        }
        catch (Exception ex) when (ex is not NpgsqlException)
        {
            // A row this caller cannot make sense of is its own failure, not the batch's.
            _result.TrySetException(ex);
        }
    }

    public override void Fail(Exception exception) => _result.TrySetException(exception);
}
