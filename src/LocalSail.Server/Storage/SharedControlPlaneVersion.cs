namespace LocalSail.Server.Storage;

/// <summary>
/// Reads the version of a shared store's control plane: a number that every committed change to a bucket or an
/// access key increases, in the transaction that makes the change, on whichever node makes it.
/// </summary>
internal interface IControlPlaneVersionSource
{
    Task<long> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What lets a node keep buckets and keys in memory when other nodes change them: a kept value is tagged with the
/// version read before it was loaded, and serves a request only while the version that request reads is the same.
/// A key or bucket deleted on another node is therefore refused here on the very next request.
/// </summary>
/// <remarks>
/// <para>
/// Why it holds: the version only grows, and grows with every committed change, so two reads that return the same
/// number have no change committed between them. A value loaded after a read of version v reflects at least the
/// state at v; a request whose own read returns v sees nothing newer. A change acknowledged to a client before
/// its next request is visible to every read that starts after that request arrived.
/// </para>
/// <para>
/// Cost: at most one read per request, and reads are shared. A request reads the version once, whatever it looks up
/// (<see cref="BeginRequest"/> scopes it). Callers join the read that is still to start, never one in flight (it
/// may have started before they arrived); a read starts once the requests already queued on the thread pool had
/// their turn, and the next when it returns. Under load one round trip answers several requests (about three for
/// GET 4 KiB in <c>bench/</c>).
/// </para>
/// </remarks>
internal sealed class SharedControlPlaneVersion(IControlPlaneVersionSource source)
{
    // The request being served on this flow, when the host scoped one; the version is read once for it.
    private static readonly AsyncLocal<RequestVersion?> CurrentRequest = new();

    private readonly Lock _gate = new();
    private bool _reading;

    // The read still to start, which callers join; null when nobody waits for one.
    private TaskCompletionSource<long>? _toStart;

    /// <summary>
    /// Scopes the version to one request: lookups made until the scope is disposed share one read. Call it from
    /// an async method that awaits the request, so that the scope ends with it.
    /// </summary>
    public RequestScope BeginRequest()
    {
        var previous = CurrentRequest.Value;
        CurrentRequest.Value = new RequestVersion();
        return new RequestScope(previous);
    }

    /// <summary>
    /// The version as of a read that started after this request arrived (or, outside a request, after this call).
    /// </summary>
    public ValueTask<long> CurrentAsync(CancellationToken cancellationToken)
    {
        var request = CurrentRequest.Value;
        if (request is { Version: { } known })
        {
            return ValueTask.FromResult(known);
        }

        return ReadForAsync(request, cancellationToken);
    }

    private async ValueTask<long> ReadForAsync(RequestVersion? request, CancellationToken cancellationToken)
    {
        var version = await ReadAfterNowAsync().WaitAsync(cancellationToken);
        if (request is not null)
        {
            // A request's stages run one after another: nothing else writes this.
            request.Version = version;
        }

        return version;
    }

    /// <summary>
    /// A read that starts no earlier than this call: callers join the read that is still to start, never one in flight.
    /// </summary>
    private Task<long> ReadAfterNowAsync()
    {
        Task<long> read;
        bool start;
        lock (_gate)
        {
            start = _toStart is null && !_reading;
            _toStart ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            read = _toStart.Task;
            _reading |= start;
        }

        if (start)
        {
            _ = ReadInTurnsAsync();
        }

        return read;
    }

    /// <summary>Reads for whoever is waiting, then again for whoever came during that read, until nobody did.</summary>
    private async Task ReadInTurnsAsync()
    {
        // Requests already queued on the thread pool reach their lookups first and share this read.
        await Task.Yield();
        while (true)
        {
            TaskCompletionSource<long> waiters;
            lock (_gate)
            {
                // Taken as the read starts: whoever comes from now on waits for the next one.
                waiters = _toStart!;
                _toStart = null;
            }

            try
            {
                // Not a caller's token: the read serves every waiter, and each stops waiting on its own.
                waiters.TrySetResult(await source.ReadAsync(CancellationToken.None));
            }
            catch (Exception ex)
            {
                waiters.TrySetException(ex);
            }

            lock (_gate)
            {
                if (_toStart is null)
                {
                    _reading = false;
                    return;
                }
            }
        }
    }

    internal sealed class RequestVersion
    {
        public long? Version { get; set; }
    }

    /// <summary>Ends a request's scope, restoring the one it was opened in.</summary>
    public readonly struct RequestScope : IDisposable
    {
        private readonly RequestVersion? _previous;

        internal RequestScope(RequestVersion? previous) => _previous = previous;

        public void Dispose() => CurrentRequest.Value = _previous;
    }
}

/// <summary>A value a cache keeps for a shared store, with the control-plane version it was loaded under.</summary>
internal readonly record struct Versioned<T>(T Value, long Version);
