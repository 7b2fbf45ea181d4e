using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.Storage;
using static LocalSail.Server.Tests.Storage.StoredRecords;

namespace LocalSail.Server.Tests.ControlPlane.Operations;

/// <summary>GetBuckets' kept pages where other processes share the store: nothing kept, every change seen at once.</summary>
public sealed class BucketListingTests : IAsyncLifetime
{
    private static readonly Uri S3Endpoint = new("http://127.0.0.1:4570/");
    private PostgresStoreNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await PostgresStoreNodes.CreateAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task On_a_shared_store_a_page_shows_what_another_node_changed_since_it_was_last_made()
    {
        var (here, hereChanges) = _nodes.OpenControlPlane();
        var (there, _) = _nodes.OpenControlPlane();
        var listing = new BucketListing(here, hereChanges);
        await there.CreateBucketAsync(Bucket("first"), Operation("first"), CancellationToken.None);
        Assert.Equal(["first"], await NamesAsync(listing));

        // Another node's changes are not announced here.
        await there.CreateBucketAsync(Bucket("second"), Operation("second"), CancellationToken.None);
        await there.DeleteBucketAsync(Scope, "first", forceDelete: true, Operation("first"), CancellationToken.None);

        Assert.Equal(["second"], await NamesAsync(listing));
    }

    [Fact]
    public async Task On_a_shared_store_pages_are_the_serializers_answer_for_the_buckets_as_stored()
    {
        var (here, hereChanges) = _nodes.OpenControlPlane();
        var listing = new BucketListing(here, hereChanges);
        foreach (var name in new[] { "e-five", "a-one", "c-three", "b-two", "d-four" })
        {
            await here.CreateBucketAsync(Bucket(name), Operation(name), CancellationToken.None);
        }

        var stored = await here.ListBucketsAsync(Scope, null, 10, CancellationToken.None);
        string? after = null;
        var listed = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            var bytes = await listing.GetPageAsync(Scope, after, S3Endpoint, Now, includeCors: false, pageSize: 2, CancellationToken.None);
            using var json = JsonDocument.Parse(bytes);
            foreach (var bucket in json.RootElement.GetProperty("buckets").EnumerateArray())
            {
                var name = bucket.GetProperty("name").GetString()!;
                var expected = JsonSerializer.Serialize(WireMapping.ToWire(stored.Single(b => b.Name == name), S3Endpoint, Now, includeCors: false), LightsailJsonContext.Default.Bucket);
                Assert.Equal(expected, bucket.GetRawText());
                listed.Add(name);
            }

            var hasNext = json.RootElement.TryGetProperty("nextPageToken", out var token);
            Assert.Equal(page < 2, hasNext);
            after = hasNext && PageTokens.TryDecodeName(token.GetString()!, out var last) ? last : null;
        }

        Assert.Equal(["a-one", "b-two", "c-three", "d-four", "e-five"], listed);
    }

    private static async Task<string[]> NamesAsync(BucketListing listing)
    {
        var page = await listing.GetPageAsync(Scope, null, S3Endpoint, Now, includeCors: false, pageSize: 10, CancellationToken.None);
        using var json = JsonDocument.Parse(page);
        return [.. json.RootElement.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()!)];
    }

    private static OperationRecord Operation(string bucket) => StoredRecords.Operation(bucket, "CreateBucket");
}
