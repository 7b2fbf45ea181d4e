using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// The shared store's version, as caches read it: never from a read that started before the caller arrived, once
/// per request, and shared between the callers that wait at the same time.
/// </summary>
public sealed class SharedControlPlaneVersionTests
{
    [Fact]
    public async Task Callers_that_arrive_while_a_read_is_in_flight_wait_for_the_next_one_and_share_it()
    {
        var source = new ScriptedVersionSource { Version = 5, Hold = true };
        var version = new SharedControlPlaneVersion(source);

        var first = version.CurrentAsync(CancellationToken.None).AsTask();
        await WaitForReadsAsync(source, 1);
        var second = version.CurrentAsync(CancellationToken.None).AsTask();
        var third = version.CurrentAsync(CancellationToken.None).AsTask();
        await source.ReleaseAsync();

        Assert.Equal(5, await first);
        Assert.False(second.IsCompleted || third.IsCompleted);
        source.Version = 6;
        await source.ReleaseAsync();
        Assert.Equal((6L, 6L), (await second, await third));
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task The_version_a_read_returned_before_a_caller_arrived_is_never_its_answer()
    {
        var source = new ScriptedVersionSource { Version = 1 };
        var version = new SharedControlPlaneVersion(source);
        Assert.Equal(1, await version.CurrentAsync(CancellationToken.None));

        source.Version = 2;

        Assert.Equal(2, await version.CurrentAsync(CancellationToken.None));
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task A_request_reads_the_version_once_whatever_it_looks_up_and_the_next_request_reads_again()
    {
        var source = new ScriptedVersionSource { Version = 1 };
        var version = new SharedControlPlaneVersion(source);
        using (version.BeginRequest())
        {
            Assert.Equal(1, await version.CurrentAsync(CancellationToken.None));
            source.Version = 2;
            Assert.Equal(1, await version.CurrentAsync(CancellationToken.None));
        }

        using (version.BeginRequest())
        {
            Assert.Equal(2, await version.CurrentAsync(CancellationToken.None));
        }

        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task A_failed_read_fails_its_callers_and_the_next_caller_reads_again()
    {
        var source = new ScriptedVersionSource { Version = 3, Failure = new InvalidOperationException("database gone") };
        var version = new SharedControlPlaneVersion(source);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => version.CurrentAsync(CancellationToken.None).AsTask());
        Assert.Equal("database gone", failed.Message);

        source.Failure = null;
        Assert.Equal(3, await version.CurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_read_to_the_others()
    {
        var source = new ScriptedVersionSource { Version = 4, Hold = true };
        var version = new SharedControlPlaneVersion(source);
        using var giveUp = new CancellationTokenSource();

        var abandoned = version.CurrentAsync(giveUp.Token).AsTask();
        var patient = version.CurrentAsync(CancellationToken.None).AsTask();
        await WaitForReadsAsync(source, 1);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        // The patient caller shares the held read, or (had that read started before it arrived) waits for the next.
        source.Hold = false;
        await source.ReleaseAsync();
        Assert.Equal(4, await patient);
    }

    private static async Task WaitForReadsAsync(ScriptedVersionSource source, int reads)
    {
        for (var waited = 0; source.Reads < reads && waited < 10_000; waited++)
        {
            await Task.Delay(1);
        }

        Assert.Equal(reads, source.Reads);
    }
}
