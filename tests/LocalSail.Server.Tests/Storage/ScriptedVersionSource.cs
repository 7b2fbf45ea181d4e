using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// A shared store's control-plane version as a test sets it, counting reads. When <see cref="Hold"/> is set, each
/// read waits until the test releases it (<see cref="ReleaseAsync"/>), so that a test can have callers arrive
/// while a read is in flight.
/// </summary>
internal sealed class ScriptedVersionSource : IControlPlaneVersionSource
{
    private readonly Queue<TaskCompletionSource> _held = new();

    public long Version { get; set; }

    public int Reads { get; private set; }

    public bool Hold { get; set; }

    public Exception? Failure { get; set; }

    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        if (Hold)
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_held)
            {
                _held.Enqueue(release);
            }

            await release.Task;
        }

        return Failure is { } failure ? throw failure : Version;
    }

    /// <summary>Lets the oldest held read return, once it has started.</summary>
    public async Task ReleaseAsync()
    {
        for (var waited = 0; waited < 10_000; waited++)
        {
            lock (_held)
            {
                if (_held.TryDequeue(out var release))
                {
                    release.SetResult();
                    return;
                }
            }

            await Task.Delay(1);
        }

        throw new TimeoutException("No read started.");
    }

    public static ControlPlaneChanges SharedChanges(ScriptedVersionSource source) =>
        new() { IsComplete = false, SharedVersion = new SharedControlPlaneVersion(source) };
}
