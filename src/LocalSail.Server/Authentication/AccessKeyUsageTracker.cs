using System.Collections.Concurrent;
using LocalSail.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Authentication;

/// <summary>
/// Remembers each bucket key's latest use in memory and writes them in batches, so that a request does
/// not pay a database write. Reads merge the pending uses, so a use is visible at once. The uses of a key
/// are forgotten when the control plane announces its deletion (<see cref="ControlPlaneChanges"/>).
/// </summary>
internal sealed class AccessKeyUsageTracker : BackgroundService, IControlPlaneChangeObserver
{
    private readonly IControlPlaneStore _store;
    private readonly ILogger<AccessKeyUsageTracker> _logger;

    public AccessKeyUsageTracker(IControlPlaneStore store, ControlPlaneChanges changes, ILogger<AccessKeyUsageTracker> logger)
    {
        _store = store;
        _logger = logger;
        changes.Observe(this);
    }

    /// <summary>How often pending uses are written.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private ConcurrentDictionary<string, AccessKeyUse> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessKeyUse> _latest = new(StringComparer.Ordinal);

    public void RecordUse(string accessKeyId, AccessKeyUse use)
    {
        _pending[accessKeyId] = use;
        _latest[accessKeyId] = use;
    }

    /// <summary>The key's latest use, whether or not it is written yet.</summary>
    public AccessKeyUse? LatestUse(string accessKeyId, AccessKeyUse? stored)
    {
        if (_latest.TryGetValue(accessKeyId, out var use) && (stored is null || use.At >= stored.At))
        {
            return use;
        }

        return stored;
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        foreach (var id in change.AccessKeyIds)
        {
            _latest.TryRemove(id, out _);
            _pending.TryRemove(id, out _);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, AccessKeyUse>(StringComparer.Ordinal));
        try
        {
            await _store.RecordAccessKeyUseAsync(batch.ToArray(), cancellationToken);
        }
        catch
        {
            // Put the batch back unless a newer use has arrived meanwhile.
            foreach (var (id, use) in batch)
            {
                _pending.TryAdd(id, use);
            }

            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Writing access key last-used times failed; they will be retried.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }
}
