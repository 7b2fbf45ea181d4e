using System.Text;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.Tests.DataPlane.Payload;

public sealed class PayloadReaderTests
{
    private static Task<PayloadResult> ReadAsync(string body, PayloadSpec spec, Stream? destination = null) =>
        PayloadReader.CopyAsync(new MemoryStream(Encoding.ASCII.GetBytes(body)), spec, destination ?? new MemoryStream(), 1 << 20, CancellationToken.None);

    [Fact]
    public async Task Unsigned_chunks_across_the_buffer_are_decoded()
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
    public async Task Malformed_framing_is_an_incomplete_body(string body)
    {
        var result = await ReadAsync(body, new PayloadSpec { Framing = PayloadFraming.UnsignedChunks });
        Assert.Equal("IncompleteBody", result.Error?.Code);
    }

    [Theory]
    [InlineData(nameof(PayloadFraming.Raw))]
    [InlineData(nameof(PayloadFraming.UnsignedChunks))]
    public async Task A_body_the_http_layer_cannot_decode_is_an_incomplete_body(string framingName)
    {
        var framing = Enum.Parse<PayloadFraming>(framingName);
        // What Kestrel throws for an HTTP chunk size too large to read: a plain IOException.
        var result = await PayloadReader.CopyAsync(new UndecodableBody(), new PayloadSpec { Framing = framing }, new MemoryStream(), 1 << 20, CancellationToken.None);
        Assert.Equal(S3Error.IncompleteBody.Code, result.Error?.Code);
        Assert.Equal("The body could not be read: Bad chunk size data.", result.Error!.Message);
    }

    [Fact]
    public async Task Declared_trailer_that_never_comes_is_refused()
    {
        var result = await ReadAsync("3\r\nabc\r\n0\r\n\r\n", new PayloadSpec { Framing = PayloadFraming.UnsignedChunks, ChecksumAlgorithm = "CRC32", TrailerChecksumHeader = "x-amz-checksum-crc32" });
        Assert.Equal("InvalidRequest", result.Error?.Code);
    }

    [Fact]
    public async Task Length_different_from_the_declared_one_is_refused()
    {
        var result = await ReadAsync("abc", new PayloadSpec { DeclaredLength = 4 });
        Assert.Equal(S3Error.IncompleteBody.Code, result.Error?.Code);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_too_large()
    {
        var result = await PayloadReader.CopyAsync(new MemoryStream(new byte[100]), new PayloadSpec(), new MemoryStream(), 99, CancellationToken.None);
        Assert.Equal("EntityTooLarge", result.Error?.Code);
    }

    private sealed class UndecodableBody : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Bad chunk size data.", new OverflowException());

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("Bad chunk size data.", new OverflowException()));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
