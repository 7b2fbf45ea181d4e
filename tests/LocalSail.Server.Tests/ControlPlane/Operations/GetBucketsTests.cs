using System.Text;
using System.Text.Json;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.ControlPlane.Operations;

/// <summary>
/// A page of GetBuckets is written from each bucket's JSON kept in memory: it must be, byte for byte, what the
/// serializer writes for the buckets as the store has them, on every page, after every change.
/// </summary>
public sealed class GetBucketsTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private LightsailCaller _lightsail = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _lightsail = new LightsailCaller(_server.Endpoint, _server.RootCredentials);
        for (var i = 0; i < GetBuckets.PageSize + 5; i++)
        {
            await _lightsail.CreateBucketAsync($"listed-{i:D3}", enableObjectVersioning: i % 7 == 0);
        }

        await _lightsail.CallOkAsync("CreateBucket", """{"bucketName":"listed-tagged","bundleId":"small_1_0","tags":[{"key":"team","value":"storage"},{"key":"bare"}]}""");
        await _lightsail.CallOkAsync("UpdateBucket", """
            {"bucketName":"listed-001","readonlyAccessAccounts":["111122223333"],
             "accessLogConfig":{"enabled":true,"destination":"listed-002","prefix":"logs/"},
             "cors":{"rules":[{"id":"rule","allowedMethods":["GET","PUT"],"allowedOrigins":["https://app.example"],"allowedHeaders":["*"],"exposeHeaders":["ETag"],"maxAgeSeconds":60}]}}
            """);
    }

    public async Task DisposeAsync()
    {
        _lightsail.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_page_is_what_the_serializer_writes_for_the_stored_buckets()
    {
        await AssertPagesAsync(includeCors: false);
        await AssertPagesAsync(includeCors: true);
        // Served again, now from what the first pages kept.
        await AssertPagesAsync(includeCors: false);
        await AssertPagesAsync(includeCors: true);
    }

    [Fact]
    public async Task A_page_shows_a_change_made_after_the_bucket_was_listed()
    {
        await AssertPagesAsync(includeCors: true);

        await _lightsail.CallOkAsync("TagResource", """{"resourceName":"listed-003","tags":[{"key":"after","value":"listing"}]}""");
        await _lightsail.CallOkAsync("UpdateBucket", """{"bucketName":"listed-004","versioning":"Enabled","cors":{"rules":[{"allowedMethods":["GET"],"allowedOrigins":["*"]}]}}""");
        await _lightsail.CallOkAsync("DeleteBucket", """{"bucketName":"listed-005"}""");
        await _lightsail.CreateBucketAsync("listed-0055");

        var page = await AssertPagesAsync(includeCors: true);
        Assert.Contains(page, b => b.GetProperty("name").GetString() == "listed-003" && b.GetProperty("tags")[0].GetProperty("key").GetString() == "after");
        Assert.Contains(page, b => b.GetProperty("name").GetString() == "listed-004" && b.GetProperty("objectVersioning").GetString() == "Enabled");
        Assert.DoesNotContain(page, b => b.GetProperty("name").GetString() == "listed-005");
        Assert.Contains(page, b => b.GetProperty("name").GetString() == "listed-0055");
    }

    /// <summary>Walks every page, comparing each answer's bytes with the serializer's; the first page's buckets.</summary>
    private async Task<List<JsonElement>> AssertPagesAsync(bool includeCors)
    {
        var store = _server.GetService<IControlPlaneStore>();
        var scope = new ResourceScope(_server.AccountId, "us-east-1");
        List<JsonElement>? first = null;
        string? token = null;
        string? after = null;
        do
        {
            var request = token is null
                ? JsonSerializer.Serialize(new { includeCors })
                : JsonSerializer.Serialize(new { pageToken = token, includeCors });
            var reply = await _lightsail.CallAsync("GetBuckets", request);
            Assert.Equal(200, reply.Status);

            var stored = await store.ListBucketsAsync(scope, after, GetBuckets.PageSize + 1, CancellationToken.None);
            var buckets = stored.Take(GetBuckets.PageSize).Select(b => WireMapping.ToWire(b, _server.Endpoint, DateTimeOffset.UtcNow, includeCors)).ToList();
            var expected = new GetBucketsResponse
            {
                Buckets = buckets,
                NextPageToken = stored.Count > GetBuckets.PageSize ? PageTokens.EncodeName(buckets[^1].Name!) : null,
            };
            Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(expected, LightsailJsonContext.Default.GetBucketsResponse)), reply.Body);

            first ??= [.. reply.Json.GetProperty("buckets").EnumerateArray()];
            token = expected.NextPageToken;
            after = buckets.Count > 0 ? buckets[^1].Name : null;
        }
        while (token is not null);

        return first;
    }
}
