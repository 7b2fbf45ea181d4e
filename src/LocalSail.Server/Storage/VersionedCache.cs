using System.Collections.Concurrent;

namespace LocalSail.Server.Storage;

/// <summary>
/// Values a node keeps in memory for a shared store, each under the control-plane version read before it was loaded:
/// a kept value serves a lookup only while the version that lookup reads is the same (<see cref="SharedControlPlaneVersion"/>),
/// and, when the owner gives a freshness rule, only while that rule still holds for it.
/// </summary>
/// <remarks>
/// <para>
/// A load that fails keeps nothing; one that finds nothing (null) keeps nothing and forgets what was kept for the key.
/// </para>
/// <para>
/// Bound: at most the capacity given, never more. Keeping a value for a key not kept yet when full first drops the
/// values kept under a version older than the new value's (no lookup that reads the current version can be served
/// by them); if that freed no room, everything is dropped and keeping starts again. Keeping takes one lock (a miss
/// only, after its load), so that two misses cannot both take the last place; lookups and forgetting take none.
/// </para>
/// </remarks>
internal sealed class VersionedCache<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly SharedControlPlaneVersion _version;
    private readonly int _capacity;
    private readonly Func<TValue, bool>? _isFresh;
    private readonly ConcurrentDictionary<TKey, Versioned<TValue>> _kept;

    // Serializes keeping: the count checked before a value is added is then the count it is added to.
    private readonly Lock _keeping = new();

    /// <param name="version">The shared store's control-plane version.</param>
    /// <param name="capacity">How many values are kept at the most.</param>
    /// <param name="comparer">Compares keys; the default one when null.</param>
    /// <param name="isFresh">
    /// A rule a kept value must also meet to serve, beside its version (for instance its age); none when null.
    /// </param>
    public VersionedCache(SharedControlPlaneVersion version, int capacity, IEqualityComparer<TKey>? comparer = null, Func<TValue, bool>? isFresh = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _version = version;
        _capacity = capacity;
        _isFresh = isFresh;
        _kept = new ConcurrentDictionary<TKey, Versioned<TValue>>(comparer);
    }

    /// <summary>How many values are kept now.</summary>
    public int Count => _kept.Count;

    /// <summary>
    /// The value for <paramref name="key"/>: the one kept, when it was loaded under the version this lookup reads
    /// (and is fresh); else the one <paramref name="load"/> reads now, kept under that version.
    /// </summary>
    /// <param name="state">What <paramref name="load"/> needs beside the key, passed so that it captures nothing.</param>
    public async ValueTask<TValue?> GetAsync<TState>(
        TKey key, TState state, Func<TKey, TState, CancellationToken, ValueTask<TValue?>> load, CancellationToken cancellationToken)
    {
        var version = await _version.CurrentAsync(cancellationToken);
        if (_kept.TryGetValue(key, out var kept) && kept.Version == version && (_isFresh is null || _isFresh(kept.Value)))
        {
            return kept.Value;
        }

        // The version is read before the load, never after: the value then reflects at least the state at that
        // version, so keeping it under that version can make it look older than it is, never newer. Read after the
        // load, a version could include a change committed during the load, and a value read before that change
        // would serve as current until the next change.
        var loaded = await load(key, state, cancellationToken);
        if (loaded is null)
        {
            _kept.TryRemove(key, out _);
            return null;
        }

        Keep(key, new Versioned<TValue>(loaded, version));
        return loaded;
    }

    /// <summary>Forgets the value kept for <paramref name="key"/>, if any (a change announced on this node).</summary>
    public void Forget(TKey key) => _kept.TryRemove(key, out _);

    private void Keep(TKey key, Versioned<TValue> value)
    {
        lock (_keeping)
        {
            // Everything else only removes: the count can fall meanwhile, never rise.
            if (_kept.Count >= _capacity && !_kept.ContainsKey(key))
            {
                foreach (var entry in _kept)
                {
                    if (entry.Value.Version < value.Version)
                    {
                        _kept.TryRemove(entry);
                    }
                }

                if (_kept.Count >= _capacity)
                {
                    _kept.Clear();
                }
            }

            _kept[key] = value;
        }
    }
}
