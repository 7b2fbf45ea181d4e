using System.Collections.Concurrent;
using LocalSail.Server.AccessLogs;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.AccessLogs;

/// <summary>
/// The delivery schedule on a clock the test moves (no waiting on real time), over the journal in a real SQLite
/// file: what is acknowledged, when it is delivered, and that a restart neither loses nor repeats a record.
/// </summary>
public sealed class AccessLogDeliveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localsail-accesslog-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingWriter _writer = new();

    public AccessLogDeliveryTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lines_are_journaled_at_the_next_tick_and_delivered_within_a_minute()
    {
        using var database = OpenDatabase();
        var journal = new SqliteAccessLogJournal(database);
        var (buffer, delivery) = NewDelivery(journal);

        await delivery.TickAsync(CancellationToken.None);
        buffer.Add(Entry("source", "first"));
        buffer.Add(Entry("source", "second"));
        buffer.Add(Entry("other", "third"));
        Assert.Equal(0, await journal.CountAsync(CancellationToken.None));

        _clock.Advance(AccessLogDelivery.JournalInterval);
        await delivery.TickAsync(CancellationToken.None);
        Assert.Equal(3, await journal.CountAsync(CancellationToken.None));
        Assert.Equal(0, buffer.Count);
        Assert.Empty(_writer.Written);

        _clock.Advance(AccessLogDelivery.DeliveryInterval - AccessLogDelivery.JournalInterval - TimeSpan.FromSeconds(1));
        await delivery.TickAsync(CancellationToken.None);
        Assert.Empty(_writer.Written);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await delivery.TickAsync(CancellationToken.None);
        Assert.Equal(2, _writer.Written.Count);
        Assert.Equal(["first", "second"], _writer.Written.Single(b => b.SourceBucket == "source").Lines);
        Assert.Equal(["third"], _writer.Written.Single(b => b.SourceBucket == "other").Lines);
        Assert.All(_writer.Written, batch => Assert.Matches(@"^2026-11-30-12-00-30-[0-9A-F]{16}$", batch.Name));
        Assert.Equal(0, await journal.CountAsync(CancellationToken.None));

        // A line made just after a delivery goes with the next one, at most a delivery interval later.
        buffer.Add(Entry("source", "fourth"));
        for (var elapsed = TimeSpan.Zero; elapsed < AccessLogDelivery.DeliveryInterval; elapsed += AccessLogDelivery.JournalInterval)
        {
            _clock.Advance(AccessLogDelivery.JournalInterval);
            await delivery.TickAsync(CancellationToken.None);
        }

        Assert.Equal(["fourth"], _writer.Written[^1].Lines);
        Assert.Equal(3, _writer.Written.Count);
    }

    [Fact]
    public async Task Acknowledged_lines_survive_a_crash_and_are_delivered_once_after_the_restart()
    {
        using (var database = OpenDatabase())
        {
            var (buffer, delivery) = NewDelivery(new SqliteAccessLogJournal(database));
            buffer.Add(Entry("source", "acknowledged"));
            await delivery.TickAsync(CancellationToken.None);

            // The process dies here: no delivery, no clean shutdown.
        }

        using (var reopened = OpenDatabase())
        {
            var (_, delivery) = NewDelivery(new SqliteAccessLogJournal(reopened));
            await delivery.DeliverNowAsync(CancellationToken.None);
            await delivery.DeliverNowAsync(CancellationToken.None);
        }

        Assert.Equal(["acknowledged"], Assert.Single(_writer.Written).Lines);
    }

    [Fact]
    public async Task A_batch_a_crashed_process_held_is_delivered_again_under_the_same_name_once_its_lease_runs_out()
    {
        string claimedName;
        using (var database = OpenDatabase())
        {
            var journal = new SqliteAccessLogJournal(database);
            await journal.AppendAsync([Entry("source", "one"), Entry("source", "two")], CancellationToken.None);
            var now = _clock.GetUtcNow();
            var claimed = await journal.ClaimAsync("crashed", now, now + AccessLogDelivery.Lease, 100, () => "2026-11-30-12-00-00-AAAAAAAAAAAAAAAA", CancellationToken.None);
            claimedName = Assert.Single(claimed).Name;

            // The crashed process may or may not have written the object before it died; it never completed the batch.
        }

        using var reopened = OpenDatabase();
        var (_, delivery) = NewDelivery(new SqliteAccessLogJournal(reopened));
        await delivery.DeliverNowAsync(CancellationToken.None);
        Assert.Empty(_writer.Written);

        _clock.Advance(AccessLogDelivery.Lease);
        await delivery.DeliverNowAsync(CancellationToken.None);
        var redelivered = Assert.Single(_writer.Written);
        Assert.Equal(claimedName, redelivered.Name);
        Assert.Equal(["one", "two"], redelivered.Lines);
        Assert.Equal(0, await new SqliteAccessLogJournal(reopened).CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_deliverers_on_one_journal_never_hold_the_same_line()
    {
        using var database = OpenDatabase();
        var journal = new SqliteAccessLogJournal(database);
        await journal.AppendAsync([.. Enumerable.Range(0, 50).Select(i => Entry("b" + (i % 3), "line " + i))], CancellationToken.None);
        var now = _clock.GetUtcNow();
        var names = 0;
        var claims = await Task.WhenAll(
            journal.ClaimAsync("first", now, now + AccessLogDelivery.Lease, 7, () => "n" + Interlocked.Increment(ref names), CancellationToken.None),
            journal.ClaimAsync("second", now, now + AccessLogDelivery.Lease, 7, () => "n" + Interlocked.Increment(ref names), CancellationToken.None));

        var lines = claims.SelectMany(batches => batches).SelectMany(batch => batch.Lines).ToList();
        Assert.Equal(50, lines.Count);
        Assert.Equal(50, lines.Distinct().Count());
        Assert.All(claims.SelectMany(batches => batches), batch => Assert.InRange(batch.Lines.Count, 1, 7));
    }

    [Fact]
    public async Task A_failed_write_is_tried_again_and_a_dropped_batch_leaves_the_journal()
    {
        using var database = OpenDatabase();
        var journal = new SqliteAccessLogJournal(database);
        var (buffer, delivery) = NewDelivery(journal);
        buffer.Add(Entry("flaky", "kept"));
        buffer.Add(Entry("gone", "dropped"));
        _writer.FailNext = "flaky";
        _writer.Drop = "gone";

        await delivery.DeliverNowAsync(CancellationToken.None);
        Assert.Empty(_writer.Written);
        Assert.Equal(1, await journal.CountAsync(CancellationToken.None));

        await delivery.DeliverNowAsync(CancellationToken.None);
        Assert.Equal(["kept"], Assert.Single(_writer.Written).Lines);
        Assert.Equal(0, await journal.CountAsync(CancellationToken.None));
    }

    private SqliteDatabase OpenDatabase() =>
        new(Path.Combine(_directory, "journal.db"), durable: true, [AccessLogMigrations.Journal], NullLogger<SqliteDatabase>.Instance);

    private (AccessLogBuffer Buffer, AccessLogDelivery Delivery) NewDelivery(IAccessLogJournal journal)
    {
        var buffer = new AccessLogBuffer(NullLogger<AccessLogBuffer>.Instance);
        return (buffer, new AccessLogDelivery(buffer, journal, _writer, _clock, NullLogger<AccessLogDelivery>.Instance));
    }

    private static AccessLogEntry Entry(string bucket, string line) => new(bucket + "-id", bucket, line);

    private sealed class RecordingWriter : IAccessLogWriter
    {
        private readonly ConcurrentQueue<AccessLogBatch> _written = new();

        public string? FailNext { get; set; }

        public string? Drop { get; set; }

        public List<AccessLogBatch> Written => [.. _written];

        public Task<AccessLogWrite> WriteAsync(AccessLogBatch batch, CancellationToken cancellationToken)
        {
            if (batch.SourceBucket == FailNext)
            {
                FailNext = null;
                throw new IOException("the destination is unavailable");
            }

            if (batch.SourceBucket == Drop)
            {
                return Task.FromResult(AccessLogWrite.Drop("its access logging is no longer enabled"));
            }

            _written.Enqueue(batch);
            return Task.FromResult(AccessLogWrite.Written("logs/" + batch.Name));
        }
    }
}
