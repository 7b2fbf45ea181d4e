namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Runs flushes to disk (fsync) on threads of its own. No request thread waits on the disk (with inline
/// scheduling one thread serves every connection, and a flush there would stall them all), and concurrent
/// flushes wait on the disk together rather than in turn. A thread is added only when every one is busy, up
/// to <see cref="MaxThreads"/>; idle threads sleep without spinning.
/// </summary>
internal sealed class DiskFlusher
{
    /// <summary>At most this many flushes wait on the disk at once.</summary>
    public const int MaxThreads = 8;

    private readonly object _gate = new();
    private readonly Queue<(Action Flush, TaskCompletionSource Done)> _queue = new();
    private int _threads;

    // Threads waiting for a flush that no enqueue has woken yet.
    private int _idle;

    /// <summary>
    /// Runs <paramref name="flush"/> on a flush thread. The caller's continuation runs on that thread too,
    /// up to its next wait: no hand-off back to a request thread.
    /// </summary>
    public Task RunAsync(Action flush)
    {
        var done = new TaskCompletionSource();
        var start = false;
        lock (_gate)
        {
            _queue.Enqueue((flush, done));
            if (_idle > 0)
            {
                _idle--;
                Monitor.Pulse(_gate);
            }
            else if (_threads < MaxThreads)
            {
                _threads++;
                start = true;
            }
        }

        if (start)
        {
            new Thread(Run) { IsBackground = true, Name = "Disk flush" }.Start();
        }

        return done.Task;
    }

    private void Run()
    {
        while (true)
        {
            (Action Flush, TaskCompletionSource Done) job;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    _idle++;
                    Monitor.Wait(_gate);
                }

                job = _queue.Dequeue();
            }

            try
            {
                job.Flush();
                job.Done.SetResult();
            }
            catch (Exception ex)
            {
                job.Done.SetException(ex);
            }
        }
    }
}
