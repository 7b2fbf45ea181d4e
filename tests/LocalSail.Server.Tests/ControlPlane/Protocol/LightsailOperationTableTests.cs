using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.ControlPlane.Protocol;

public sealed class LightsailOperationTableTests
{
    /// <summary>The operations the README's coverage table claims.</summary>
    public static readonly string[] ClaimedOperations =
    [
        "CreateBucket", "GetBuckets", "DeleteBucket", "UpdateBucket", "UpdateBucketBundle", "GetBucketBundles",
        "GetBucketMetricData", "SetResourceAccessForBucket", "CreateBucketAccessKey", "GetBucketAccessKeys",
        "DeleteBucketAccessKey", "GetOperation", "GetOperations", "GetOperationsForResource", "TagResource", "UntagResource",
    ];

    [Fact]
    public async Task The_dispatch_table_serves_exactly_the_claimed_operations()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var table = server.GetService<LightsailOperationTable>();
        Assert.Equal(ClaimedOperations.Order(), table.Names.Order());
    }

    [Fact]
    public async Task Every_claimed_operation_answers_through_the_wire()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        using var caller = new LightsailCaller(server.Endpoint, server.RootCredentials);
        foreach (var operation in ClaimedOperations)
        {
            // An empty input reaches the operation: it answers, or names its missing member; never an unknown operation.
            var reply = await caller.CallAsync(operation);
            Assert.True(reply.Status is 200 or 400, $"{operation}: {reply.Status} {reply.Body}");
            Assert.NotEqual("UnknownOperationException", reply.ErrorType);
        }
    }
}
