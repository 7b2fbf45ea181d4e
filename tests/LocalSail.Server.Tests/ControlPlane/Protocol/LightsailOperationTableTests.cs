using LocalSail.Lightsail.Model.Shapes;
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

    /// <summary>
    /// Each operation the table serves is an operation of the generated model (a test keeps that equal to
    /// botocore's) and is handled: its handler is the model's operation (so it validates against the model's
    /// input shape, and the compiler holds it to the records generated for its input and output), and the
    /// model lists no operation that has no handler.
    /// </summary>
    [Fact]
    public async Task Every_operation_the_table_serves_is_the_models_and_has_its_handler()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var table = server.GetService<LightsailOperationTable>();

        Assert.Equal(LightsailOperations.All.Select(o => o.Name).Order(), table.Names.Order());
        foreach (var name in table.Names)
        {
            var model = LightsailOperations.Find(name);
            Assert.True(model is not null, $"{name} is not an operation of the model");
            Assert.True(table.TryFind(name, out var handler));
            Assert.Same(model, handler.Model);
            Assert.Same(model.Input, handler.Input);
        }
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
