using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>Pages of buckets (100 a page) and of operations (200 a page), followed by their tokens.</summary>
public sealed class PagingTests(PagingTests.ManyBuckets fixture) : IClassFixture<PagingTests.ManyBuckets>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GetBuckets_pages_through_every_bucket_in_name_order()
    {
        var pages = new List<GetBucketsResponse>();
        string? token = null;
        do
        {
            var page = await _client.GetBucketsAsync(new GetBucketsRequest { PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([100, 100, 5], pages.Select(p => p.Buckets!.Count));
        Assert.Equal(ManyBuckets.Names, pages.SelectMany(p => p.Buckets!).Select(b => b.Name!));
        Assert.NotEqual(pages[0].NextPageToken, pages[1].NextPageToken);
    }

    [Fact]
    public async Task GetOperations_pages_through_every_operation_newest_first()
    {
        var first = await _client.GetOperationsAsync(new GetOperationsRequest());
        Assert.Equal(200, first.Operations!.Count);
        Assert.NotNull(first.NextPageToken);
        var second = await _client.GetOperationsAsync(new GetOperationsRequest { PageToken = first.NextPageToken });
        Assert.Null(second.NextPageToken);

        var operations = first.Operations.Concat(second.Operations!).ToList();
        Assert.Equal(ManyBuckets.Names.AsEnumerable().Reverse(), operations.Select(o => o.ResourceName!));
        Assert.All(operations, o => Expect.Operation(o, OperationType.CreateBucket, o.ResourceName!));
        Assert.Equal(ManyBuckets.Names.Count, operations.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public async Task GetOperationsForResource_answers_only_that_bucket()
    {
        var response = await _client.GetOperationsForResourceAsync(new GetOperationsForResourceRequest { ResourceName = "e2e-page-042" });

        Expect.Operation(Assert.Single(response.Operations!), OperationType.CreateBucket, "e2e-page-042");
        Assert.Null(response.NextPageToken);
    }

    [Fact]
    public async Task A_page_token_the_server_did_not_issue_is_invalid_input()
    {
        await Expect.ErrorAsync<InvalidInputException>(() => _client.GetBucketsAsync(new GetBucketsRequest { PageToken = "not-a-token!" }), "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(() => _client.GetOperationsAsync(new GetOperationsRequest { PageToken = "not-a-token!" }), "InvalidInput");
    }

    /// <summary>A server holding 205 buckets, created one by one.</summary>
    public sealed class ManyBuckets : ServerFixture
    {
        public static readonly List<string> Names = [.. Enumerable.Range(0, 205).Select(i => $"e2e-page-{i:D3}")];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var client = CreateClient();
            foreach (var name in Names)
            {
                await client.CreateBucketAsync(new CreateBucketRequest { BucketName = name, BundleId = "small_1_0" });
            }
        }
    }
}
