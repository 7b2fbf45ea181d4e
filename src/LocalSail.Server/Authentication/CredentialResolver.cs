using System.Collections.Concurrent;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Authentication;

/// <summary>
/// Resolves the account's root key from configuration and bucket access keys from the store, keeping
/// bucket keys in memory so a signed request costs no query. Deleting a key forgets it here at once.
/// </summary>
public sealed class CredentialResolver(AccountCredentials account, IControlPlaneStore store) : ICredentialResolver
{
    private readonly ResolvedCredential _root = new(
        new Principal(account.AccountId, account.AccessKeyId, PrincipalKind.AccountRoot),
        account.SecretAccessKey);

    private readonly ConcurrentDictionary<string, ResolvedCredential> _bucketKeys = new(StringComparer.Ordinal);

    // Ids of deleted keys (never reused: they are random). A lookup that raced a delete checks it after caching.
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    public async ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        if (accessKeyId == account.AccessKeyId)
        {
            return _root;
        }

        if (_bucketKeys.TryGetValue(accessKeyId, out var cached))
        {
            return cached;
        }

        var key = await store.FindAccessKeyAsync(accessKeyId, cancellationToken);
        if (key is null || key.Status != "Active")
        {
            return null;
        }

        var resolved = new ResolvedCredential(
            new Principal(key.Scope.AccountId, key.AccessKeyId, PrincipalKind.BucketAccessKey, key.BucketName),
            key.SecretAccessKey);
        _bucketKeys[accessKeyId] = resolved;
        if (_revoked.ContainsKey(accessKeyId))
        {
            _bucketKeys.TryRemove(accessKeyId, out _);
            return null;
        }

        return resolved;
    }

    public void Forget(IEnumerable<string> accessKeyIds)
    {
        foreach (var id in accessKeyIds)
        {
            _revoked[id] = 0;
            _bucketKeys.TryRemove(id, out _);
        }
    }
}
