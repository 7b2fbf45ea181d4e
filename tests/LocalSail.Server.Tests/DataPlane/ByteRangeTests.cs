using LocalSail.Server.DataPlane;

namespace LocalSail.Server.Tests.DataPlane;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 10, 0L, 1L)]
    [InlineData("bytes=2-5", 10, 2L, 4L)]
    [InlineData("bytes=5-", 10, 5L, 5L)]
    [InlineData("bytes=-3", 10, 7L, 3L)]
    [InlineData("bytes=-30", 10, 0L, 10L)]
    [InlineData("bytes=8-100", 10, 8L, 2L)]
    public void Parses_satisfiable_ranges(string header, long size, long start, long length)
    {
        Assert.Equal(new ByteRange(start, length), ByteRange.Parse(header, size, out var satisfiable));
        Assert.True(satisfiable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=abc")]
    public void Ignores_what_is_not_a_single_byte_range(string? header)
    {
        Assert.Null(ByteRange.Parse(header, 10, out var satisfiable));
        Assert.True(satisfiable);
    }

    [Theory]
    [InlineData("bytes=10-", 10)]
    [InlineData("bytes=20-30", 10)]
    [InlineData("bytes=-0", 10)]
    [InlineData("bytes=0-", 0)]
    public void Reports_unsatisfiable_ranges(string header, long size)
    {
        Assert.Null(ByteRange.Parse(header, size, out var satisfiable));
        Assert.False(satisfiable);
    }
}
