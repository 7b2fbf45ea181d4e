using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Postgres;
using static LocalSail.Server.Tests.Storage.StoredRecords;

namespace LocalSail.Server.Tests.Storage.Postgres;

/// <summary>
/// The control plane's version in PostgreSQL grows with every committed change to a bucket or its keys and with
/// nothing else, so that a node's caches see another node's change at their next request.
/// </summary>
public sealed class PostgresControlPlaneVersionTests : IAsyncLifetime
{
    private static readonly AccountCredentials Account = new("111122223333", "AKIAROOTROOTROOTROOT", "root-secret-root-secret-root-secret-0000", IsDevelopment: false);
    private PostgresStoreNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await PostgresStoreNodes.CreateAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Each_committed_change_of_a_bucket_or_its_keys_increases_it_and_nothing_else_does()
    {
        var (store, _) = _nodes.OpenControlPlane();
        var version = new PostgresControlPlaneVersion(_nodes.OpenDatabase());
        var steps = new List<(string Step, long Increase)>();
        var last = await version.ReadAsync(CancellationToken.None);
        async Task Step(string step, Func<Task> change)
        {
            await change();
            var now = await version.ReadAsync(CancellationToken.None);
            steps.Add((step, now - last));
            last = now;
        }

        await Step("create bucket", () => store.CreateBucketAsync(Bucket("counted"), Operation("counted", "CreateBucket"), CancellationToken.None));
        await Step("create a taken name", () => store.CreateBucketAsync(Bucket("counted"), Operation("counted", "CreateBucket"), CancellationToken.None));
        await Step("update", () => store.UpdateBucketAsync(Scope, "counted", b => new BucketChange(b with { Versioning = VersioningState.Enabled }, []), CancellationToken.None));
        await Step("refused update", () => store.UpdateBucketAsync(Scope, "counted", _ => BucketChange.Refuse("no"), CancellationToken.None));
        await Step("create key", () => store.CreateAccessKeyAsync(Key("counted", "AKIACOUNTEDCOUNTED01"), 2, Operation("counted", "CreateBucketAccessKey"), CancellationToken.None));
        await Step("create key over the limit", () => store.CreateAccessKeyAsync(Key("counted", "AKIACOUNTEDCOUNTED02"), 1, Operation("counted", "CreateBucketAccessKey"), CancellationToken.None));
        await Step("read and record a use", async () =>
        {
            await store.FindAccessKeyAsync("AKIACOUNTEDCOUNTED01", CancellationToken.None);
            await store.RecordAccessKeyUseAsync([new("AKIACOUNTEDCOUNTED01", new AccessKeyUse(Now, "us-east-1", "s3"))], CancellationToken.None);
        });
        await Step("delete key", () => store.DeleteAccessKeyAsync(Scope, "counted", "AKIACOUNTEDCOUNTED01", Operation("counted", "DeleteBucketAccessKey"), CancellationToken.None));
        await Step("delete a deleted key", () => store.DeleteAccessKeyAsync(Scope, "counted", "AKIACOUNTEDCOUNTED01", Operation("counted", "DeleteBucketAccessKey"), CancellationToken.None));
        await Step("delete bucket", () => store.DeleteBucketAsync(Scope, "counted", forceDelete: false, Operation("counted", "DeleteBucket"), CancellationToken.None));
        await Step("delete a deleted bucket", () => store.DeleteBucketAsync(Scope, "counted", forceDelete: true, Operation("counted", "DeleteBucket"), CancellationToken.None));

        Assert.Equal(
            [
                ("create bucket", 1L), ("create a taken name", 0L), ("update", 1L), ("refused update", 0L), ("create key", 1L),
                ("create key over the limit", 0L), ("read and record a use", 0L), ("delete key", 1L), ("delete a deleted key", 0L),
                ("delete bucket", 1L), ("delete a deleted bucket", 0L),
            ],
            steps);
    }

    [Fact]
    public async Task What_another_node_deletes_is_gone_from_this_nodes_caches_at_their_next_request()
    {
        var (here, hereChanges) = _nodes.OpenControlPlane();
        var (there, _) = _nodes.OpenControlPlane();
        await there.CreateBucketAsync(Bucket("shared"), Operation("shared", "CreateBucket"), CancellationToken.None);
        await there.CreateAccessKeyAsync(Key("shared", "AKIASHAREDSHARED0001"), 2, Operation("shared", "CreateBucketAccessKey"), CancellationToken.None);
        var credentials = new CredentialResolver(ServedAccounts.Of(Account), here, hereChanges);
        var buckets = new BucketCache(here, hereChanges);
        var keys = new AccessKeyListing(here, hereChanges);
        var version = hereChanges.SharedVersion!;

        async Task<(bool Key, bool Bucket, int? Listed)> RequestAsync()
        {
            using var request = version.BeginRequest();
            return (
                await credentials.ResolveAsync("AKIASHAREDSHARED0001", CancellationToken.None) is not null,
                await buckets.FindAsync("shared", CancellationToken.None) is not null,
                (await keys.ListAsync(Scope, "shared", CancellationToken.None))?.Count);
        }

        Assert.Equal((true, true, 1), await RequestAsync());
        Assert.Equal((true, true, 1), await RequestAsync());

        await there.DeleteAccessKeyAsync(Scope, "shared", "AKIASHAREDSHARED0001", Operation("shared", "DeleteBucketAccessKey"), CancellationToken.None);
        Assert.Equal((false, true, 0), await RequestAsync());

        await there.DeleteBucketAsync(Scope, "shared", forceDelete: false, Operation("shared", "DeleteBucket"), CancellationToken.None);
        Assert.Equal((false, false, null), await RequestAsync());
    }
}
