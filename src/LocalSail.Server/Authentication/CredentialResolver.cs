using System.Collections.Concurrent;
using System.Collections.Frozen;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Authentication;

/// <summary>
/// Resolves the accounts' root keys from configuration and bucket access keys from the store, keeping
/// bucket keys in memory so a signed request costs no query. A key is forgotten the moment the control
/// plane announces its deletion (<see cref="ControlPlaneChanges"/>); on a store other processes share, a kept key
/// serves only while the control plane's version is the one it was loaded under (<see cref="SharedControlPlaneVersion"/>).
/// </summary>
internal sealed class CredentialResolver : ICredentialResolver, IControlPlaneChangeObserver
{
    /// <summary>Bucket keys kept at the most for a shared store: two a bucket, for as many buckets as the S3 endpoint keeps.</summary>
    public const int MaxSharedKeys = 20_000;

    private readonly IControlPlaneStore _store;
    private readonly FrozenDictionary<string, ResolvedCredential> _roots;
    private readonly bool _cache;
    private readonly ConcurrentDictionary<string, ResolvedCredential> _bucketKeys = new(StringComparer.Ordinal);
    private readonly VersionedCache<string, ResolvedCredential>? _sharedKeys;

    // Ids of deleted keys (never reused: they are random). A lookup that raced a delete checks it after caching.
    // Only a lookup in flight when a deletion was announced can have raced it: once none is, they are dropped.
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);
    private readonly Lock _lookups = new();
    private int _lookupsInFlight;

    public CredentialResolver(ServedAccounts accounts, IControlPlaneStore store, ControlPlaneChanges changes)
    {
        _store = store;
        _roots = accounts.All.ToFrozenDictionary(
            account => account.AccessKeyId,
            account => new ResolvedCredential(new Principal(account.AccountId, account.AccessKeyId, PrincipalKind.AccountRoot), account.SecretAccessKey),
            StringComparer.Ordinal);
        // A key deleted by another process must be refused here on the very next request: the version says when.
        _cache = changes.IsComplete;
        _sharedKeys = changes.SharedVersion is { } sharedVersion ? new(sharedVersion, MaxSharedKeys, StringComparer.Ordinal) : null;
        changes.Observe(this);
    }

    public async ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        if (_roots.TryGetValue(accessKeyId, out var root))
        {
            return root;
        }

        if (_bucketKeys.TryGetValue(accessKeyId, out var cached))
        {
            return cached;
        }

        if (StorableText.HasNul(accessKeyId))
        {
            // No key is stored with one (a presigned URL's or a form's credential can carry it): a miss, not a query.
            return null;
        }

        if (_sharedKeys is not null)
        {
            return await _sharedKeys.GetAsync(accessKeyId, this, static (id, self, ct) => self.LoadAsync(id, ct), cancellationToken);
        }

        if (!_cache)
        {
            return await LoadAsync(accessKeyId, cancellationToken);
        }

        lock (_lookups)
        {
            _lookupsInFlight++;
        }

        try
        {
            return await LoadAndKeepAsync(accessKeyId, cancellationToken);
        }
        finally
        {
            lock (_lookups)
            {
                // A lookup that starts from now on reads the store after every deletion announced so far.
                if (--_lookupsInFlight == 0)
                {
                    _revoked.Clear();
                }
            }
        }
    }

    /// <summary>How many ids of deleted keys are kept: they are dropped as the last lookup in flight ends.</summary>
    internal int RevokedCount => _revoked.Count;

    private async ValueTask<ResolvedCredential?> LoadAndKeepAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var resolved = await LoadAsync(accessKeyId, cancellationToken);
        if (resolved is null)
        {
            return null;
        }

        _bucketKeys[accessKeyId] = resolved;
        if (_revoked.ContainsKey(accessKeyId))
        {
            _bucketKeys.TryRemove(accessKeyId, out _);
            return null;
        }

        return resolved;
    }

    private async ValueTask<ResolvedCredential?> LoadAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var key = await _store.FindAccessKeyAsync(accessKeyId, cancellationToken);
        if (key is null || key.Status != "Active")
        {
            return null;
        }

        return new ResolvedCredential(
            new Principal(key.Scope.AccountId, key.AccessKeyId, PrincipalKind.BucketAccessKey, key.BucketName),
            key.SecretAccessKey);
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        foreach (var id in change.AccessKeyIds)
        {
            _revoked[id] = 0;
            _bucketKeys.TryRemove(id, out _);
            _sharedKeys?.Forget(id);
        }
    }
}
