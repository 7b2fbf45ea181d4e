using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>GetOperation, GetOperations and GetOperationsForResource against the real server.</summary>
public sealed class OperationTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GetOperation_answers_the_operation_a_change_returned()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-ops-one", BundleId = "small_1_0" });
        var after = DateTimeOffset.UtcNow;
        var returned = Assert.Single(created.Operations!);

        var response = await _client.GetOperationAsync(new GetOperationRequest { OperationId = returned.Id });

        var operation = response.Operation!;
        Expect.Operation(operation, OperationType.CreateBucket, "e2e-ops-one");
        Assert.Equal(returned.Id, operation.Id);
        Assert.Equal(returned.CreatedAt, operation.CreatedAt);
        Expect.Between(operation.CreatedAt, before, after);
        Assert.True(Guid.TryParse(response.RequestId, out _));
    }

    [Fact]
    public async Task GetOperation_of_an_unknown_id_is_not_found()
    {
        var error = await Expect.ErrorAsync<NotFoundException>(
            () => _client.GetOperationAsync(new GetOperationRequest { OperationId = "00000000-0000-0000-0000-000000000000" }), "DoesNotExist");

        Assert.StartsWith("DoesNotExist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOperationsForResource_answers_a_bucket_history_newest_first()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-ops-history", BundleId = "small_1_0" });
        var key = (await _client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "e2e-ops-history" })).AccessKey!;
        await _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-ops-history", Versioning = "Enabled" });
        await _client.SetResourceAccessForBucketAsync(new SetResourceAccessForBucketRequest { BucketName = "e2e-ops-history", ResourceName = "web-2", Access = ResourceBucketAccess.Allow });
        await _client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = "e2e-ops-history", AccessKeyId = key.AccessKeyId });
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-ops-other", BundleId = "small_1_0" });

        var response = await _client.GetOperationsForResourceAsync(new GetOperationsForResourceRequest { ResourceName = "e2e-ops-history" });

        Assert.Null(response.NextPageToken);
        Assert.Equal(
            [
                (OperationType.DeleteBucketAccessKey, key.AccessKeyId),
                (OperationType.SetResourceAccessForBucket, "web-2"),
                (OperationType.UpdateBucket, null),
                (OperationType.CreateBucketAccessKey, key.AccessKeyId),
                (OperationType.CreateBucket, null),
            ],
            response.Operations!.Select(o => (o.OperationType!.Value, o.OperationDetails)));
        Assert.All(response.Operations!, o => Expect.Operation(o, o.OperationType!.Value, "e2e-ops-history", o.OperationDetails));

        // Each is also found by its id, the same.
        foreach (var listed in response.Operations!)
        {
            var single = (await _client.GetOperationAsync(new GetOperationRequest { OperationId = listed.Id })).Operation!;
            Assert.Equal((listed.Id, listed.OperationType, listed.CreatedAt, listed.OperationDetails), (single.Id, single.OperationType, single.CreatedAt, single.OperationDetails));
        }

        // A resource with no history answers an empty list.
        Assert.Empty((await _client.GetOperationsForResourceAsync(new GetOperationsForResourceRequest { ResourceName = "e2e-ops-never" })).Operations!);
    }

    [Fact]
    public async Task GetOperations_answers_every_bucket_newest_first()
    {
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-ops-all-a", BundleId = "small_1_0" });
        await _client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-ops-all-b", BundleId = "small_1_0" });

        var response = await _client.GetOperationsAsync(new GetOperationsRequest());

        Assert.Null(response.NextPageToken);
        var names = response.Operations!.Select(o => o.ResourceName).ToList();
        Assert.True(names.IndexOf("e2e-ops-all-b") < names.IndexOf("e2e-ops-all-a"), "the newer operation is listed first");
        Assert.All(response.Operations!, o => Expect.Operation(o, o.OperationType!.Value, o.ResourceName!, o.OperationDetails));
    }
}
