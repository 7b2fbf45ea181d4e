using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_parallel_creates_on_one_bucket_give_exactly_two_keys()
    {
        await using var server = await RunningServer.StartAsync();
        using var caller = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await caller.CallOkAsync("CreateBucket", """{"bucketName":"busy-bucket","bundleId":"small_1_0"}""");

        // All twenty are released at once so that they race for the last free slots.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var creates = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await caller.CallAsync("CreateBucketAccessKey", """{"bucketName":"busy-bucket"}""");
        })).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(creates);

        Assert.Equal(2, replies.Count(r => r.Status == 200));
        var refused = replies.Where(r => r.Status != 200).ToList();
        Assert.Equal(18, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal("InvalidInputException", r.ErrorType);
            Assert.Contains("maximum of 2 access keys", r.Json.GetProperty("message").GetString());
        });

        var keys = await caller.CallOkAsync("GetBucketAccessKeys", """{"bucketName":"busy-bucket"}""");
        Assert.Equal(2, keys.GetProperty("accessKeys").GetArrayLength());
    }
}
