using System.Text;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.Tests.DataPlane.Payload;

public sealed class PayloadReaderTests
{
    private static Task<PayloadResult> ReadAsync(string body, PayloadSpec spec, Stream? destination = null) =>
        PayloadReader.CopyAsync(new MemoryStream(Encoding.ASCII.GetBytes(body)), spec, destination ?? new MemoryStream(), 1 << 20, CancellationToken.None);

    [Fact]
    public async Task UnsignedChunksAcrossTheBufferAreDecoded()
    {
        var data = new string('x', 70_000) + "end";
        var body = $"{data.Length:x}\r\n{data}\r\n0\r\nx-amz-checksum-crc32:{ChecksumAlgorithms.ComputeBase64("CRC32", Encoding.ASCII.GetBytes(data))}\r\n\r\n";
        var output = new MemoryStream();
        var result = await ReadAsync(body, new PayloadSpec { Framing = PayloadFraming.UnsignedChunks, ChecksumAlgorithm = "CRC32", TrailerChecksumHeader = "x-amz-checksum-crc32", DeclaredLength = data.Length }, output);
        Assert.Null(result.Error);
        Assert.Equal(data, Encoding.ASCII.GetString(output.ToArray()));
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("5\r\nabc")]
    [InlineData("3\r\nabcXX0\r\n\r\n")]
    public async Task MalformedFramingIsAnIncompleteBody(string body)
    {
        var result = await ReadAsync(body, new PayloadSpec { Framing = PayloadFraming.UnsignedChunks });
        Assert.Equal("IncompleteBody", result.Error?.Code);
    }

    [Fact]
    public async Task DeclaredTrailerThatNeverComesIsRefused()
    {
        var result = await ReadAsync("3\r\nabc\r\n0\r\n\r\n", new PayloadSpec { Framing = PayloadFraming.UnsignedChunks, ChecksumAlgorithm = "CRC32", TrailerChecksumHeader = "x-amz-checksum-crc32" });
        Assert.Equal("InvalidRequest", result.Error?.Code);
    }

    [Fact]
    public async Task LengthDifferentFromTheDeclaredOneIsRefused()
    {
        var result = await ReadAsync("abc", new PayloadSpec { DeclaredLength = 4 });
        Assert.Equal(S3Error.IncompleteBody.Code, result.Error?.Code);
    }

    [Fact]
    public async Task BodiesOverTheLimitAreTooLarge()
    {
        var result = await PayloadReader.CopyAsync(new MemoryStream(new byte[100]), new PayloadSpec(), new MemoryStream(), 99, CancellationToken.None);
        Assert.Equal("EntityTooLarge", result.Error?.Code);
    }
}
