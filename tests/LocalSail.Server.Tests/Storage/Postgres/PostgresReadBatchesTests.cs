using LocalSail.Server.Storage.Postgres;
using Npgsql;

namespace LocalSail.Server.Tests.Storage.Postgres;

/// <summary>
/// Reads made at the same time share one round trip to PostgreSQL; each caller still gets its own answer, made
/// after it asked, and a failing statement fails only its own caller. A batch is told from others by PostgreSQL's
/// own transaction id: the statements of one batch run in one implicit transaction.
/// </summary>
public sealed class PostgresReadBatchesTests : IAsyncLifetime
{
    // An advisory lock id of these tests only: a read waiting for it keeps its batch in flight.
    private const long HeldLockId = 0x4C5354455354;

    private PostgresStoreNodes _nodes = null!;
    private PostgresDatabase _database = null!;
    private PostgresReadBatches _reads = null!;

    public async Task InitializeAsync()
    {
        _nodes = await PostgresStoreNodes.CreateAsync();
        _database = _nodes.OpenDatabase();
        _reads = new PostgresReadBatches(_database.DataSource, maxInFlight: 1);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Reads_asked_for_during_a_batch_run_together_in_the_next_each_with_its_own_answer()
    {
        await using var held = await HoldLockAsync();
        var inFlight = _reads.ReadAsync(TransactionRead($"FROM pg_advisory_xact_lock_shared({HeldLockId})"), CancellationToken.None);
        await WaitUntilSomeoneWaitsForTheLockAsync();

        var asked = Enumerable.Range(1, 5).Select(n => _reads.ReadAsync(Echo(n.ToString()), CancellationToken.None)).ToList();
        await held.DisposeAsync();

        var first = await inFlight;
        var answers = await Task.WhenAll(asked);
        Assert.Equal(["1", "2", "3", "4", "5"], answers.Select(a => a.Text));
        Assert.Single(answers.Select(a => a.Transaction).Distinct());
        Assert.NotEqual(first, answers[0].Transaction);
    }

    [Fact]
    public async Task A_read_joins_no_batch_in_flight_so_it_sees_what_was_committed_before_it_was_asked_for()
    {
        await ExecuteAsync("CREATE TABLE read_batches_seen (value TEXT NOT NULL); INSERT INTO read_batches_seen VALUES ('before')");
        await using var held = await HoldLockAsync();
        var inFlight = _reads.ReadAsync(TransactionRead($"FROM pg_advisory_xact_lock_shared({HeldLockId})"), CancellationToken.None);
        await WaitUntilSomeoneWaitsForTheLockAsync();

        await ExecuteAsync("UPDATE read_batches_seen SET value = 'after'");
        var read = _reads.ReadAsync(
            new PostgresRead<string?>(() => new NpgsqlBatchCommand("SELECT value FROM read_batches_seen"), reader => reader.GetString(0), null),
            CancellationToken.None);
        await held.DisposeAsync();

        await inFlight;
        Assert.Equal("after", await read);
    }

    [Fact]
    public async Task A_failing_statement_fails_only_its_own_read()
    {
        await using var held = await HoldLockAsync();
        var inFlight = _reads.ReadAsync(TransactionRead($"FROM pg_advisory_xact_lock_shared({HeldLockId})"), CancellationToken.None);
        await WaitUntilSomeoneWaitsForTheLockAsync();

        var before = _reads.ReadAsync(Echo("before"), CancellationToken.None);
        var failing = _reads.ReadAsync(new PostgresRead<string?>(() => new NpgsqlBatchCommand("SELECT (1 / 0)::text"), reader => reader.GetString(0), null), CancellationToken.None);
        var after = _reads.ReadAsync(Echo("after"), CancellationToken.None);
        await held.DisposeAsync();

        await inFlight;
        Assert.Equal("before", (await before).Text);
        Assert.Equal("after", (await after).Text);
        var error = await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
    }

    [Fact]
    public async Task A_row_its_caller_cannot_read_fails_only_that_caller()
    {
        await using var held = await HoldLockAsync();
        var inFlight = _reads.ReadAsync(TransactionRead($"FROM pg_advisory_xact_lock_shared({HeldLockId})"), CancellationToken.None);
        await WaitUntilSomeoneWaitsForTheLockAsync();

        var misread = _reads.ReadAsync(new PostgresRead<long>(() => new NpgsqlBatchCommand("SELECT 'not a number'"), reader => reader.GetInt64(0), 0), CancellationToken.None);
        var after = _reads.ReadAsync(Echo("after"), CancellationToken.None);
        await held.DisposeAsync();

        await inFlight;
        await Assert.ThrowsAsync<InvalidCastException>(() => misread);
        Assert.Equal("after", (await after).Text);
    }

    [Fact]
    public async Task Reads_that_get_no_answer_from_the_server_all_fail_with_its_error()
    {
        var unreachable = new NpgsqlDataSourceBuilder("Host=127.0.0.1;Port=1;Timeout=2").Build();
        await using var _ = unreachable;
        var reads = new PostgresReadBatches(unreachable, maxInFlight: 1);

        var asked = Enumerable.Range(1, 3).Select(n => reads.ReadAsync(Echo(n.ToString()), CancellationToken.None)).ToList();

        foreach (var read in asked)
        {
            await Assert.ThrowsAsync<NpgsqlException>(() => read);
        }
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_leaves_the_others_of_its_batch_answered()
    {
        await using var held = await HoldLockAsync();
        var inFlight = _reads.ReadAsync(TransactionRead($"FROM pg_advisory_xact_lock_shared({HeldLockId})"), CancellationToken.None);
        await WaitUntilSomeoneWaitsForTheLockAsync();

        using var givingUp = new CancellationTokenSource();
        var abandoned = _reads.ReadAsync(Echo("abandoned"), givingUp.Token);
        var kept = _reads.ReadAsync(Echo("kept"), CancellationToken.None);
        await givingUp.CancelAsync();
        await held.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await inFlight;
        Assert.Equal("kept", (await kept).Text);
    }

    [Fact]
    public async Task A_statement_that_returns_no_row_answers_with_the_value_for_none()
    {
        var none = await _reads.ReadAsync(
            new PostgresRead<string?>(() => new NpgsqlBatchCommand("SELECT 'x' WHERE false"), reader => reader.GetString(0), "none"),
            CancellationToken.None);

        Assert.Equal("none", none);
    }

    private static PostgresRead<string> TransactionRead(string from) =>
        new(() => new NpgsqlBatchCommand($"SELECT pg_current_xact_id()::text {from}"), reader => reader.GetString(0), "");

    private static PostgresRead<(string Text, string Transaction)> Echo(string text) =>
        new(() => new NpgsqlBatchCommand("SELECT $1, pg_current_xact_id()::text").WithPositional(text), reader => (reader.GetString(0), reader.GetString(1)), default);

    private async Task<HeldLock> HoldLockAsync()
    {
        var connection = await _database.DataSource.OpenConnectionAsync();
        await using var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({HeldLockId})", connection);
        await hold.ExecuteNonQueryAsync();
        return new HeldLock(connection);
    }

    // Not a timing: it waits for PostgreSQL to show the batch blocked on the lock, however long that takes.
    private async Task WaitUntilSomeoneWaitsForTheLockAsync()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        while (true)
        {
            await using var waiting = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = {HeldLockId >> 32} AND objid = {HeldLockId & 0xFFFFFFFF} AND objsubid = 1",
                connection);
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }
    }

    // The lock is the session's, and pooled connections are not reset: it is released before the connection goes back.
    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async ValueTask DisposeAsync()
        {
            if (!_released)
            {
                _released = true;
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({HeldLockId})", connection);
                await release.ExecuteNonQueryAsync();
                await connection.DisposeAsync();
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
