using LocalSail.Server.Authentication;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Authentication;

/// <summary>Bucket keys are cached for signatures and forgotten the moment the control plane announces their deletion.</summary>
public sealed class CredentialResolverTests
{
    private static readonly AccountCredentials Account = new("111122223333", "AKIAROOTROOTROOTROOT", "root-secret-root-secret-root-secret-0000", IsDevelopment: false);
    private static readonly AccessKeyRecord Key = new()
    {
        AccessKeyId = "AKIAPHOTOSPHOTOS0001",
        BucketName = "photos",
        Scope = new ResourceScope(Account.AccountId, "us-east-1"),
        SecretAccessKey = "photos-secret",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private readonly ControlPlaneChanges _changes = new();

    [Fact]
    public async Task A_key_is_read_once_then_served_from_memory()
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findKey: id => id == Key.AccessKeyId ? Key : null);
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);

        var first = await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None);
        var second = await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None);

        Assert.Equal("photos-secret", first!.SecretAccessKey);
        Assert.Same(first, second);
        Assert.Equal(1, script.Lookups);
    }

    /// <summary>No key is stored with U+0000 (PostgreSQL could not even be asked for one): a miss without a query.</summary>
    [Fact]
    public async Task A_key_id_holding_the_null_character_resolves_to_nothing_without_a_query()
    {
        var (store, script) = ScriptedControlPlaneStore.Create(findKey: _ => Key);
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId + "\0", CancellationToken.None));
        Assert.Equal(0, script.Lookups);
    }

    [Fact]
    public async Task Each_account_root_key_resolves_to_its_own_account_without_a_query()
    {
        var second = new AccountCredentials("222222222222", "AKIASECONDACCOUNT001", "second-account-secret-000000000000000000", IsDevelopment: false);
        var (store, script) = ScriptedControlPlaneStore.Create();
        var resolver = new CredentialResolver(ServedAccounts.Of(Account, second), store, _changes);

        var first = await resolver.ResolveAsync(Account.AccessKeyId, CancellationToken.None);
        var other = await resolver.ResolveAsync(second.AccessKeyId, CancellationToken.None);

        Assert.Equal((Account.AccountId, PrincipalKind.AccountRoot, Account.SecretAccessKey), (first!.Principal.AccountId, first.Principal.Kind, first.SecretAccessKey));
        Assert.Equal(("222222222222", PrincipalKind.AccountRoot, second.SecretAccessKey), (other!.Principal.AccountId, other.Principal.Kind, other.SecretAccessKey));
        Assert.Equal(0, script.Lookups);
    }

    [Fact]
    public async Task A_deleted_key_stops_resolving_at_once()
    {
        var stored = Key;
        var (store, _) = ScriptedControlPlaneStore.Create(findKey: id => id == stored?.AccessKeyId ? stored : null);
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);
        Assert.NotNull(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));

        stored = null;
        _changes.Publish(ControlPlaneChange.AccessKeysDeleted([Key.AccessKeyId]));

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
    }

    [Fact]
    public async Task A_lookup_that_read_the_key_before_its_deletion_committed_does_not_keep_it()
    {
        // The store's read sees the key; the deletion commits and is announced before the read returns.
        var (store, script) = ScriptedControlPlaneStore.Create(findKey: _ =>
        {
            _changes.Publish(ControlPlaneChange.BucketDeleted("photos", [Key.AccessKeyId]));
            return Key;
        });
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        Assert.Equal(2, script.Lookups);
    }

    [Fact]
    public async Task A_lookup_that_ends_while_another_is_in_flight_leaves_it_the_deletions_it_raced()
    {
        CredentialResolver resolver = null!;
        ResolvedCredential? endedMeanwhile = null;
        var other = Key with { AccessKeyId = "AKIAOTHEROTHEROTHER1", SecretAccessKey = "other-secret" };
        var (store, _) = ScriptedControlPlaneStore.Create(findKey: id =>
        {
            if (id != Key.AccessKeyId)
            {
                return id == other.AccessKeyId ? other : null;
            }

            // This read sees the key; its deletion is announced, and another lookup starts and ends, before it returns.
            _changes.Publish(ControlPlaneChange.AccessKeysDeleted([Key.AccessKeyId]));
            endedMeanwhile = resolver.ResolveAsync(other.AccessKeyId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return Key;
        });
        resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        Assert.Equal("other-secret", endedMeanwhile?.SecretAccessKey);
    }

    [Fact]
    public async Task The_ids_of_deleted_keys_are_dropped_once_no_lookup_that_could_have_raced_them_is_in_flight()
    {
        var (store, _) = ScriptedControlPlaneStore.Create(findKey: id =>
        {
            // Announced during this read: the lookup must still refuse the key it read.
            _changes.Publish(ControlPlaneChange.AccessKeysDeleted([Key.AccessKeyId, "AKIADELETEDDELETED02"]));
            return id == Key.AccessKeyId ? Key : null;
        });
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, _changes);
        _changes.Publish(ControlPlaneChange.AccessKeysDeleted(["AKIADELETEDDELETED01"]));

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        Assert.Equal(0, resolver.RevokedCount);
    }

    [Fact]
    public async Task The_usage_tracker_forgets_the_uses_of_deleted_keys()
    {
        var (store, _) = ScriptedControlPlaneStore.Create();
        var usage = new AccessKeyUsageTracker(store, _changes, NullLogger<AccessKeyUsageTracker>.Instance);
        var use = new AccessKeyUse(DateTimeOffset.UnixEpoch, "us-east-1", "s3");
        usage.RecordUse(Key.AccessKeyId, use);
        usage.RecordUse("AKIAOTHEROTHEROTHER1", use);

        _changes.Publish(ControlPlaneChange.AccessKeysDeleted([Key.AccessKeyId]));

        Assert.Null(usage.LatestUse(Key.AccessKeyId, null));
        Assert.Equal(use, usage.LatestUse("AKIAOTHEROTHEROTHER1", null));
    }

    [Fact]
    public async Task With_a_store_other_processes_write_every_lookup_asks_the_store()
    {
        // Another node deletes the key: nothing is announced here, yet the very next lookup must not find it.
        var stored = Key;
        var (store, script) = ScriptedControlPlaneStore.Create(findKey: id => id == stored?.AccessKeyId ? stored : null);
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, new ControlPlaneChanges { IsComplete = false });
        Assert.NotNull(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));

        stored = null;

        Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        Assert.Equal(2, script.Lookups);
    }

    [Fact]
    public async Task With_a_shared_version_a_key_is_kept_while_the_version_holds_and_refused_at_the_first_request_after_it_changed()
    {
        var stored = Key;
        var (store, script) = ScriptedControlPlaneStore.Create(findKey: id => id == stored?.AccessKeyId ? stored : null);
        var version = new ScriptedVersionSource { Version = 7 };
        var changes = ScriptedVersionSource.SharedChanges(version);
        var resolver = new CredentialResolver(ServedAccounts.Of(Account), store, changes);
        for (var request = 0; request < 3; request++)
        {
            using (changes.SharedVersion!.BeginRequest())
            {
                Assert.Equal("photos-secret", (await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None))!.SecretAccessKey);
            }
        }

        Assert.Equal((1, 3), (script.Lookups, version.Reads));

        // Another node deletes the key: nothing is announced here, but its commit changed the version.
        stored = null;
        version.Version = 8;

        using (changes.SharedVersion!.BeginRequest())
        {
            Assert.Null(await resolver.ResolveAsync(Key.AccessKeyId, CancellationToken.None));
        }

        Assert.Equal(2, script.Lookups);
    }
}
