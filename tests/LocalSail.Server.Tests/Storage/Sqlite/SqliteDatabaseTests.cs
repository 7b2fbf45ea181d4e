using LocalSail.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly SqliteMigration Notes = new(1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);");
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-db-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteDatabaseTests() =>
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: true, [Notes], NullLogger<SqliteDatabase>.Instance);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static long Insert(SqliteConnection connection, SqliteTransaction transaction, string text)
    {
        using var command = SqliteDatabase.Command(connection, "INSERT INTO notes (text) VALUES ($text) RETURNING id", transaction);
        command.Parameters.AddWithValue("$text", text);
        return (long)command.ExecuteScalar()!;
    }

    private List<string> Texts()
    {
        using var connection = _database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "SELECT text FROM notes ORDER BY id");
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    [Fact]
    public async Task A_write_that_throws_leaves_nothing_behind_and_its_exception_reaches_the_caller()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.WriteAsync<long>((connection, transaction) =>
        {
            Insert(connection, transaction, "half done");
            throw new InvalidOperationException("refused");
        }, CancellationToken.None));

        Assert.Equal("refused", failure.Message);
        Assert.Empty(Texts());
        Assert.Equal(1, await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "next"), CancellationToken.None));
    }

    [Fact]
    public async Task Writes_queued_behind_a_commit_are_committed_together_and_one_failure_undoes_only_itself()
    {
        using var firstRunning = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var first = Task.Run(() => _database.WriteAsync((connection, transaction) =>
        {
            firstRunning.Set();
            releaseFirst.Wait();
            return Insert(connection, transaction, "first");
        }, CancellationToken.None));
        firstRunning.Wait();

        // These queue while the first write holds the writer, so the next writer runs them as one batch.
        var second = _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "second"), CancellationToken.None);
        var duplicate = _database.WriteAsync((connection, transaction) =>
        {
            Insert(connection, transaction, "only in the failed write");
            return Insert(connection, transaction, "second");
        }, CancellationToken.None);
        var third = _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "third"), CancellationToken.None);
        releaseFirst.Set();

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.True(await third > 2);
        Assert.Equal(["first", "second", "third"], Texts());
    }

    [Fact]
    public async Task Many_concurrent_writers_each_get_their_own_result()
    {
        var writes = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => _database.WriteAsync((connection, transaction) => (i, Insert(connection, transaction, $"note {i}")), CancellationToken.None)))
            .ToList();

        var results = await Task.WhenAll(writes);

        Assert.Equal(200, results.Select(r => r.Item2).Distinct().Count());
        var texts = Texts();
        Assert.All(results, r => Assert.Equal($"note {r.i}", texts[(int)r.Item2 - 1]));
    }

    [Fact]
    public async Task Writes_run_on_the_writer_thread_and_their_callers_continue_elsewhere()
    {
        var writerThread = await _database.WriteAsync((_, _) => Environment.CurrentManagedThreadId, CancellationToken.None);
        var again = await _database.WriteAsync((_, _) => Environment.CurrentManagedThreadId, CancellationToken.None);

        Assert.Equal(writerThread, again);
        Assert.NotEqual(writerThread, Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task With_completions_on_the_writer_thread_callers_continue_there_and_can_write_again()
    {
        using var database = new SqliteDatabase(Path.Combine(_directory, "inline.db"), durable: true, [Notes], NullLogger<SqliteDatabase>.Instance, completeOnWriterThread: true);
        using var continuationRegistered = new ManualResetEventSlim();
        var first = database.WriteAsync((_, _) =>
        {
            continuationRegistered.Wait();
            return Environment.CurrentManagedThreadId;
        }, CancellationToken.None);

        // Registered before the write completes, as an await is; it runs wherever the completion runs.
        var continued = first.ContinueWith(
            written => (WriterThread: written.Result, ContinuedOn: Environment.CurrentManagedThreadId,
                // A write queued from the writer's own thread must not wait for that thread: it is committed next.
                Again: database.WriteAsync((connection, transaction) => Insert(connection, transaction, "from the writer"), CancellationToken.None)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        continuationRegistered.Set();

        var (writerThread, continuedOn, again) = await continued;
        Assert.Equal(writerThread, continuedOn);
        Assert.Equal(1, await again);
    }

    [Fact]
    public async Task A_round_of_writers_that_does_not_come_back_leaves_the_next_writes_committed()
    {
        // Eight writers in one round teach the writer to wait for eight; then only one comes back, then one
        // at a time. Each must still be committed (the wait for the rest of a round is bounded).
        for (var round = 0; round < 3; round++)
        {
            var writes = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => _database.WriteAsync((connection, transaction) => Insert(connection, transaction, $"round {round} writer {i}"), CancellationToken.None)));
            await Task.WhenAll(writes);
        }

        for (var i = 0; i < 5; i++)
        {
            await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, $"alone {i}"), CancellationToken.None);
        }

        var texts = Texts();
        Assert.Equal(29, texts.Count);
        Assert.Equal(["alone 0", "alone 1", "alone 2", "alone 3", "alone 4"], texts[^5..]);
    }

    [Fact]
    public async Task Disposing_commits_the_writes_already_queued_and_refuses_later_ones()
    {
        using var writerBusy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = _database.WriteAsync((connection, transaction) =>
        {
            writerBusy.Set();
            release.Wait();
            return Insert(connection, transaction, "first");
        }, CancellationToken.None);
        writerBusy.Wait();
        var queued = _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "queued"), CancellationToken.None);

        var disposing = Task.Run(_database.Dispose);
        release.Set();
        await disposing;

        Assert.Equal(1, await first);
        Assert.Equal(2, await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "late"), CancellationToken.None));
        using var database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: true, [Notes], NullLogger<SqliteDatabase>.Instance);
        using var connection = database.OpenRead();
        using var count = SqliteDatabase.Command(connection, "SELECT count(*) FROM notes");
        Assert.Equal(2L, count.ExecuteScalar());
    }

    [Fact]
    public void A_read_connection_goes_back_to_the_pool_with_its_compiled_statements()
    {
        const string sql = "SELECT count(*) FROM notes WHERE text = $text";
        SqliteConnection first;
        SqliteCommand firstCommand;
        using (first = _database.OpenRead())
        {
            using (firstCommand = SqliteDatabase.Command(first, sql))
            {
                firstCommand.Parameters.AddWithValue("$text", "a");
                Assert.Equal(0L, firstCommand.ExecuteScalar());
            }
        }

        using var second = _database.OpenRead();
        using var secondCommand = SqliteDatabase.Command(second, sql);

        Assert.Same(first, second);
        Assert.Same(firstCommand, secondCommand);
        Assert.Equal(System.Data.ConnectionState.Open, second.State);
        Assert.Empty(secondCommand.Parameters);
        secondCommand.Parameters.AddWithValue("$text", "b");
        Assert.Equal(0L, secondCommand.ExecuteScalar());
    }

    [Fact]
    public async Task The_same_statement_run_inside_its_own_loop_gets_a_copy()
    {
        await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "a") + Insert(connection, transaction, "b"), CancellationToken.None);
        const string sql = "SELECT text FROM notes WHERE text >= $from ORDER BY text";
        using var connection = _database.OpenRead();
        using var outer = SqliteDatabase.Command(connection, sql);
        outer.Parameters.AddWithValue("$from", "a");
        using var reader = outer.ExecuteReader();
        var pairs = new List<string>();
        while (reader.Read())
        {
            using var inner = SqliteDatabase.Command(connection, sql);
            Assert.NotSame(outer, inner);
            inner.Parameters.AddWithValue("$from", reader.GetString(0));
            using var innerReader = inner.ExecuteReader();
            while (innerReader.Read())
            {
                pairs.Add(reader.GetString(0) + innerReader.GetString(0));
            }
        }

        Assert.Equal(["aa", "ab", "bb"], pairs);
    }

    [Fact]
    public async Task A_row_reader_reads_text_numbers_and_nulls_and_can_be_read_again()
    {
        await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "b") + Insert(connection, transaction, "été ✓") + Insert(connection, transaction, string.Empty), CancellationToken.None);
        const string sql = "SELECT id, text, CASE WHEN text = '' THEN NULL ELSE length(text) END FROM notes WHERE id >= $from ORDER BY id LIMIT $limit";
        using var connection = _database.OpenRead();

        var rows = new List<(long Id, string? Text, string? Length)>();
        using (var reader = SqliteDatabase.Rows(connection, sql))
        {
            reader.Bind("$from", 1);
            reader.Bind("$limit", 10);
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Assert.Equal([(1L, "b", "1"), (2L, "été ✓", "5"), (3L, string.Empty, null)], rows);

        // The statement was reset when the reader was disposed: a second read binds afresh and starts over.
        using (var again = SqliteDatabase.Rows(connection, sql))
        {
            again.Bind("$from", 3);
            again.Bind("$limit", 10);
            Assert.True(again.Read());
            Assert.Equal(3, again.GetInt64(0));
            Assert.False(again.Read());
        }
    }

    [Fact]
    public void A_row_reader_refuses_a_parameter_its_statement_does_not_have()
    {
        using var connection = _database.OpenRead();
        using var reader = SqliteDatabase.Rows(connection, "SELECT text FROM notes WHERE id = $id");

        var refused = false;
        try
        {
            reader.Bind("$other", 1);
        }
        catch (ArgumentException)
        {
            refused = true;
        }

        Assert.True(refused);
    }
}
