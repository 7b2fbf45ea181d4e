using LocalSail.Server.Hosting;

namespace LocalSail.Server.Tests.Hosting;

public sealed class RequestSchedulingTests
{
    [Theory]
    [InlineData(RequestScheduling.Auto, 1, true)]
    [InlineData(RequestScheduling.Auto, 2, false)]
    [InlineData(RequestScheduling.Auto, 64, false)]
    [InlineData(RequestScheduling.Inline, 1, true)]
    [InlineData(RequestScheduling.Inline, 8, true)]
    [InlineData(RequestScheduling.ThreadPool, 1, false)]
    [InlineData(RequestScheduling.ThreadPool, 8, false)]
    public void Requests_run_inline_when_asked_or_when_there_is_one_cpu(RequestScheduling scheduling, int processorCount, bool inline) =>
        Assert.Equal(inline, scheduling.IsInline(processorCount));
}
