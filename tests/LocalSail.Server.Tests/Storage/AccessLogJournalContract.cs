using LocalSail.Server.AccessLogs;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// What every access log journal does, on SQLite and on PostgreSQL, with two nodes on one database: lines are
/// claimed once, a batch is taken over only when its lease ran out, a completed batch leaves with its lines.
/// </summary>
public abstract class AccessLogJournalContract<TNodes> : IAsyncLifetime
    where TNodes : StoreNodes
{
    private readonly DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private TNodes _nodes = null!;
    private int _names;

    protected abstract Task<TNodes> CreateNodesAsync();

    public async Task InitializeAsync() => _nodes = await CreateNodesAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private string NextName() => "batch-" + Interlocked.Increment(ref _names).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Lines_are_claimed_in_batches_of_one_bucket_in_order_and_leave_when_completed()
    {
        var journal = _nodes.OpenAccessLogJournal();
        await journal.AppendAsync([new("id-a", "a", "a1"), new("id-b", "b", "b1"), new("id-a", "a", "a2"), new("id-a", "a", "a3")], CancellationToken.None);

        var batches = await journal.ClaimAsync("node", _now, _now.AddMinutes(2), 2, NextName, CancellationToken.None);

        Assert.Equal(
            ["a:a1,a2", "a:a3", "b:b1"],
            batches.Select(b => b.SourceBucket + ":" + string.Join(',', b.Lines)).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(4, await journal.CountAsync(CancellationToken.None));
        foreach (var batch in batches)
        {
            await journal.CompleteAsync(batch.Name, CancellationToken.None);
        }

        Assert.Equal(0, await journal.CountAsync(CancellationToken.None));
        Assert.Empty(await journal.ClaimAsync("node", _now, _now.AddMinutes(2), 2, NextName, CancellationToken.None));
    }

    [Fact]
    public async Task Two_nodes_claiming_at_once_never_hold_the_same_line()
    {
        var first = _nodes.OpenAccessLogJournal();
        var second = _nodes.OpenAccessLogJournal();
        await first.AppendAsync([.. Enumerable.Range(0, 60).Select(i => new AccessLogEntry("id-" + (i % 3), "b" + (i % 3), "line " + i))], CancellationToken.None);

        var claims = await Task.WhenAll(
            first.ClaimAsync("first", _now, _now.AddMinutes(2), 7, NextName, CancellationToken.None),
            second.ClaimAsync("second", _now, _now.AddMinutes(2), 7, NextName, CancellationToken.None));

        var lines = claims.SelectMany(batches => batches).SelectMany(batch => batch.Lines).ToList();
        Assert.Equal(60, lines.Count);
        Assert.Equal(60, lines.Distinct().Count());
    }

    [Fact]
    public async Task A_batch_is_taken_over_by_another_node_only_once_its_lease_ran_out()
    {
        var crashed = _nodes.OpenAccessLogJournal();
        var other = _nodes.OpenAccessLogJournal();
        await crashed.AppendAsync([new("id-a", "a", "a1")], CancellationToken.None);
        var held = Assert.Single(await crashed.ClaimAsync("crashed", _now, _now.AddMinutes(2), 10, NextName, CancellationToken.None));

        Assert.Empty(await other.ClaimAsync("other", _now.AddMinutes(1), _now.AddMinutes(3), 10, NextName, CancellationToken.None));
        var taken = Assert.Single(await other.ClaimAsync("other", _now.AddMinutes(2), _now.AddMinutes(4), 10, NextName, CancellationToken.None));

        Assert.Equal(held.Name, taken.Name);
        Assert.Equal(["a1"], taken.Lines);
    }
}

public sealed class SqliteAccessLogJournalContractTests : AccessLogJournalContract<SqliteStoreNodes>
{
    protected override Task<SqliteStoreNodes> CreateNodesAsync() => Task.FromResult(new SqliteStoreNodes());
}

public sealed class PostgresAccessLogJournalContractTests : AccessLogJournalContract<PostgresStoreNodes>
{
    protected override Task<PostgresStoreNodes> CreateNodesAsync() => PostgresStoreNodes.CreateAsync();
}
