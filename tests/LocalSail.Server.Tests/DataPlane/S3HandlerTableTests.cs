using LocalSail.Server.DataPlane;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.DataPlane;

public sealed class S3HandlerTableTests
{
    [Fact]
    public async Task Every_operation_but_the_refusals_has_exactly_one_handler()
    {
        await using var server = await RunningServer.StartAsync();
        var table = server.GetService<S3HandlerTable>();
        var expected = Enum.GetValues<S3Operation>().Except([S3Operation.NotImplemented, S3Operation.MethodNotAllowed]).Order().ToArray();
        Assert.Equal(expected, table.Operations.Order().ToArray());
    }

    [Fact]
    public void Two_handlers_for_one_operation_are_refused()
    {
        var handlers = new IS3Handler[] { new Server.DataPlane.Handlers.HeadBucketHandler(), new Server.DataPlane.Handlers.HeadBucketHandler() };
        Assert.Throws<InvalidOperationException>(() => new S3HandlerTable(handlers));
    }
}
