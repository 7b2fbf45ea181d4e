using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;
using LocalSail.Testing;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>UpdateBucketBundle on a server whose clock the test moves; the client signs with the same clock.</summary>
public sealed class BundleTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly ClockedServer _fixture = new();
    private LightsailClient _client = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _client = _fixture.CreateClient();
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-bundle", BundleId = "small_1_0" });
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    public void Dispose() => _client.Dispose();

    private async Task<Bucket> GetAsync() =>
        Assert.Single((await _client.GetBucketsAsync(new GetBucketsRequest { BucketName = "e2e-bundle" })).Buckets!);

    [Fact]
    public async Task Changes_the_bundle_once_a_month()
    {
        var created = await GetAsync();
        Assert.Equal(Start, created.CreatedAt);
        Assert.True(created.AbleToUpdateBundle);

        _fixture.ManualClock.Advance(TimeSpan.FromDays(1));
        var changed = await _client.UpdateBucketBundleAsync(new UpdateBucketBundleRequest { BucketName = "e2e-bundle", BundleId = "medium_1_0" });

        var operation = Assert.Single(changed.Operations!);
        Expect.Operation(operation, OperationType.UpdateBucketBundle, "e2e-bundle", details: "medium_1_0");
        Assert.Equal(Start.AddDays(1), operation.CreatedAt);
        var bucket = await GetAsync();
        Assert.Equal("medium_1_0", bucket.BundleId);
        Assert.False(bucket.AbleToUpdateBundle);

        // Later the same month: refused, and nothing changes.
        _fixture.ManualClock.Advance(TimeSpan.FromDays(20));
        var refused = await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketBundleAsync(new UpdateBucketBundleRequest { BucketName = "e2e-bundle", BundleId = "large_1_0" }),
            "BundleUpdateLimitExceeded");
        Assert.Contains("once per monthly billing cycle", refused.Message, StringComparison.Ordinal);
        Assert.Equal("medium_1_0", (await GetAsync()).BundleId);

        // The next month it may change again.
        _fixture.ManualClock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(4, _fixture.ManualClock.GetUtcNow().Month);
        Assert.True((await GetAsync()).AbleToUpdateBundle);
        var again = await _client.UpdateBucketBundleAsync(new UpdateBucketBundleRequest { BucketName = "e2e-bundle", BundleId = "large_1_0" });
        Assert.Equal(Start.AddDays(22), Assert.Single(again.Operations!).CreatedAt);
        Assert.Equal("large_1_0", (await GetAsync()).BundleId);

        var history = (await _client.GetOperationsForResourceAsync(new GetOperationsForResourceRequest { ResourceName = "e2e-bundle" })).Operations!;
        Assert.Equal(
            [(OperationType.UpdateBucketBundle, "large_1_0"), (OperationType.UpdateBucketBundle, "medium_1_0"), (OperationType.CreateBucket, null)],
            history.Select(o => (o.OperationType!.Value, o.OperationDetails)));
    }

    [Fact]
    public async Task Refuses_an_unknown_bundle_and_a_missing_bucket()
    {
        var unknown = await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketBundleAsync(new UpdateBucketBundleRequest { BucketName = "e2e-bundle", BundleId = "huge_9_0" }),
            "InvalidInput");
        Assert.Contains("small_1_0, medium_1_0, large_1_0", unknown.Message, StringComparison.Ordinal);
        await Expect.ErrorAsync<NotFoundException>(
            () => _client.UpdateBucketBundleAsync(new UpdateBucketBundleRequest { BucketName = "e2e-bundle-missing", BundleId = "medium_1_0" }),
            "DoesNotExist");

        var bucket = await GetAsync();
        Assert.Equal("small_1_0", bucket.BundleId);
        Assert.True(bucket.AbleToUpdateBundle);
    }

    private sealed class ClockedServer : ServerFixture
    {
        public ManualClock ManualClock { get; } = new(Start);

        public override TimeProvider Clock => ManualClock;
    }
}
