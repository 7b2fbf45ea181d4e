using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// Values kept for a shared store under the control-plane version read before they were loaded: served while the
/// version holds, loaded again once it moved, never more of them than the capacity, nothing kept from a failed load.
/// </summary>
public sealed class VersionedCacheTests
{
    private readonly ScriptedVersionSource _source = new() { Version = 1 };

    private VersionedCache<string, string> Cache(int capacity = 8, Func<string, bool>? isFresh = null) =>
        new(new SharedControlPlaneVersion(_source), capacity, StringComparer.Ordinal, isFresh);

    private static Task<string?> GetAsync(VersionedCache<string, string> cache, string key, Store store) =>
        cache.GetAsync(key, store, static (name, from, _) => from.LoadAsync(name), CancellationToken.None).AsTask();

    [Fact]
    public async Task A_kept_value_serves_while_the_version_holds_and_is_loaded_again_once_it_moved()
    {
        var store = new Store();
        var cache = Cache();

        Assert.Equal("photos@0", await GetAsync(cache, "photos", store));
        Assert.Equal("photos@0", await GetAsync(cache, "photos", store));
        Assert.Equal(1, store.Loads);

        _source.Version = 2;

        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal(2, store.Loads);
    }

    [Fact]
    public async Task A_value_is_kept_under_the_version_read_before_its_load_so_a_change_committed_during_the_load_reloads_it()
    {
        // The load reads the value, then another node commits a change (the version moves) before the load returns.
        var store = new Store { DuringLoad = () => _source.Version++ };
        var cache = Cache();

        Assert.Equal("photos@0", await GetAsync(cache, "photos", store));
        store.DuringLoad = null;

        // Kept under version 1, the value read before the change must not serve a request that reads version 2.
        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal(2, store.Loads);
    }

    [Fact]
    public async Task The_count_never_exceeds_the_capacity_whether_the_version_holds_or_moves()
    {
        const int capacity = 4;
        var store = new Store();
        var cache = Cache(capacity);

        for (var i = 0; i < capacity + 9; i++)
        {
            if (i % 3 == 0)
            {
                _source.Version++;
            }

            Assert.Equal($"key{i}@{i}", await GetAsync(cache, $"key{i}", store));
            Assert.InRange(cache.Count, 1, capacity);
        }
    }

    [Fact]
    public async Task Loads_that_finish_together_never_keep_more_than_the_capacity()
    {
        const int capacity = 3;
        var store = new Store { Yield = true };
        var cache = Cache(capacity);
        var counts = new System.Collections.Concurrent.ConcurrentBag<int>();
        store.DuringLoad = () => counts.Add(cache.Count);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            await GetAsync(cache, $"key{i}", store);
            counts.Add(cache.Count);
        }));

        Assert.Equal(64, store.Loads);
        Assert.InRange(counts.Max(), 1, capacity);
    }

    [Fact]
    public async Task When_full_the_values_of_older_versions_go_first_and_only_when_none_is_older_everything_goes()
    {
        var store = new Store();
        var cache = Cache(capacity: 3);
        await GetAsync(cache, "old1", store);
        await GetAsync(cache, "old2", store);
        _source.Version = 2;
        await GetAsync(cache, "current", store);

        await GetAsync(cache, "new", store);
        Assert.Equal(2, cache.Count);
        Assert.Equal("current@2", await GetAsync(cache, "current", store));
        Assert.Equal(4, store.Loads);

        // Full again, of values of the current version only.
        await GetAsync(cache, "newer", store);
        await GetAsync(cache, "newest", store);
        Assert.Equal(1, cache.Count);
        Assert.Equal("newest@5", await GetAsync(cache, "newest", store));
        Assert.Equal("current@6", await GetAsync(cache, "current", store));
    }

    [Fact]
    public async Task A_failed_load_keeps_nothing_and_the_next_lookup_loads_again()
    {
        var store = new Store { Failure = new InvalidOperationException("database gone") };
        var cache = Cache();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => GetAsync(cache, "photos", store));
        Assert.Equal("database gone", failed.Message);
        Assert.Equal(0, cache.Count);

        store.Failure = null;
        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal(2, store.Loads);
    }

    [Fact]
    public async Task A_load_that_finds_nothing_keeps_nothing_and_forgets_what_was_kept()
    {
        var store = new Store();
        var cache = Cache();
        await GetAsync(cache, "photos", store);

        // Deleted on another node: the version moved, and the load finds nothing.
        _source.Version = 2;
        store.Missing = true;
        Assert.Null(await GetAsync(cache, "photos", store));
        Assert.Equal(0, cache.Count);

        Assert.Null(await GetAsync(cache, "photos", store));
        Assert.Equal(3, store.Loads);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_value_forgotten_or_no_longer_fresh_is_loaded_again_though_the_version_holds(bool forgotten)
    {
        var fresh = true;
        var store = new Store();
        var cache = Cache(isFresh: _ => fresh);
        await GetAsync(cache, "photos", store);
        Assert.Equal("photos@0", await GetAsync(cache, "photos", store));

        if (forgotten)
        {
            cache.Forget("photos");
        }
        else
        {
            fresh = false;
        }

        Assert.Equal("photos@1", await GetAsync(cache, "photos", store));
        Assert.Equal(2, store.Loads);
    }

    /// <summary>What the cache loads from: "key@n" for its n-th load, counting from 0.</summary>
    private sealed class Store
    {
        private int _loads;

        public int Loads => _loads;

        public bool Yield { get; init; }

        public bool Missing { get; set; }

        public Exception? Failure { get; set; }

        // Runs after the value is read, before the load returns.
        public Action? DuringLoad { get; set; }

        public async ValueTask<string?> LoadAsync(string key)
        {
            var load = Interlocked.Increment(ref _loads) - 1;
            if (Yield)
            {
                await Task.Yield();
            }

            DuringLoad?.Invoke();
            return Failure is { } failure ? throw failure : Missing ? null : $"{key}@{load}";
        }
    }
}
