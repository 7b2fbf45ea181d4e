using System.Collections.Concurrent;

namespace LocalSail.Signing;

/// <summary>
/// Signing keys are valid for one day, region and service, so they are derived once per key and day
/// instead of with four HMACs on every request.
/// </summary>
public sealed class SigningKeyCache
{
    private readonly ConcurrentDictionary<CacheKey, Entry> _keys = new();
    private readonly int _capacity;

    public SigningKeyCache(int capacity = 4096) => _capacity = capacity;

    public byte[] Get(string accessKeyId, string secretAccessKey, string date, string region, string service)
    {
        var key = new CacheKey(accessKeyId, date, region, service);
        if (_keys.TryGetValue(key, out var cached) && string.Equals(cached.Secret, secretAccessKey, StringComparison.Ordinal))
        {
            return cached.SigningKey;
        }

        if (_keys.Count >= _capacity)
        {
            // Keys roll over daily; a full cache is simply started afresh.
            _keys.Clear();
        }

        var derived = SigV4.DeriveSigningKey(secretAccessKey, date, region, service);
        _keys[key] = new Entry(secretAccessKey, derived);
        return derived;
    }

    private readonly record struct CacheKey(string AccessKeyId, string Date, string Region, string Service);

    private sealed record Entry(string Secret, byte[] SigningKey);
}
