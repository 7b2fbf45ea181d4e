namespace LocalSail.Server.Storage;

/// <summary>What a committed control-plane change did that a cache of buckets or keys must forget.</summary>
internal enum ControlPlaneChangeKind
{
    /// <summary>A bucket was created or its settings changed.</summary>
    BucketChanged,

    /// <summary>A bucket was deleted, and with it the access keys named.</summary>
    BucketDeleted,

    /// <summary>Access keys were deleted.</summary>
    AccessKeysDeleted,
}

/// <summary>
/// One committed change, in plain values only (names and ids), so that it can travel between processes as well
/// as within one.
/// </summary>
internal sealed record ControlPlaneChange(ControlPlaneChangeKind Kind, string? BucketName, IReadOnlyList<string> AccessKeyIds)
{
    public static ControlPlaneChange BucketChanged(string bucketName) => new(ControlPlaneChangeKind.BucketChanged, bucketName, []);

    public static ControlPlaneChange BucketDeleted(string bucketName, IReadOnlyList<string> accessKeyIds) =>
        new(ControlPlaneChangeKind.BucketDeleted, bucketName, accessKeyIds);

    public static ControlPlaneChange AccessKeysDeleted(IReadOnlyList<string> accessKeyIds) =>
        new(ControlPlaneChangeKind.AccessKeysDeleted, null, accessKeyIds);
}

/// <summary>A cache of control-plane state: it forgets what a change makes stale.</summary>
internal interface IControlPlaneChangeObserver
{
    /// <summary>Called after the change is committed, before the call that made it returns; must be quick and must not throw.</summary>
    void OnChanged(ControlPlaneChange change);
}

/// <summary>
/// The one way caches learn that the control plane changed. The control-plane store publishes each change once
/// it is committed, before the call that made it returns, and every cache (buckets, credentials, key uses)
/// observes the feed, so a deleted key or bucket is forgotten everywhere in this process at once.
/// </summary>
/// <remarks>
/// A store shared by several processes feeds the same stream with the changes other processes commit (from
/// PostgreSQL's <c>LISTEN/NOTIFY</c>, for instance): <see cref="Publish"/> is all it calls. A change may reach an
/// observer more than once, or for a change the observer never cached; observers treat it as "forget", so both
/// are harmless. A cache must still guard against a lookup that read the old state before the change and stores
/// it after: it checks, after storing, whether a change arrived meanwhile.
/// </remarks>
internal sealed class ControlPlaneChanges
{
    private readonly Lock _gate = new();

    /// <summary>
    /// Whether every change committed to the store is published here before the call that made it returns: true
    /// when this process is the store's only writer. False for a store that other processes write too (PostgreSQL
    /// shared by several nodes): their changes never reach this feed in time, so a cache whose staleness would let a
    /// deleted key or bucket work checks <see cref="SharedVersion"/> on every request.
    /// </summary>
    public bool IsComplete { get; init; } = true;

    /// <summary>
    /// For a store other processes share, the version caches check instead (null when <see cref="IsComplete"/>):
    /// a value kept under one version serves only requests that read the same.
    /// </summary>
    public SharedControlPlaneVersion? SharedVersion { get; init; }

    // Replaced, never changed, so that publishing reads it without a lock.
    private IControlPlaneChangeObserver[] _observers = [];

    /// <summary>Tells every observer of a committed change.</summary>
    internal void Publish(ControlPlaneChange change)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            observer.OnChanged(change);
        }
    }

    /// <summary>Adds an observer for the rest of the process's life (caches are singletons).</summary>
    internal void Observe(IControlPlaneChangeObserver observer)
    {
        lock (_gate)
        {
            Volatile.Write(ref _observers, [.. _observers, observer]);
        }
    }
}
