using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LocalSail.Server.Hosting;

/// <summary>
/// A client that sends <c>Expect: 100-continue</c> waits for <c>100 Continue</c> before it sends its body,
/// and sends none when a final answer comes first (botocore then reuses the connection). The server sends
/// <c>100 Continue</c> when the body is first read; so an answer that starts before the body was read, an
/// error or a success alike, closes the connection: otherwise the next request would be read as the rest of
/// this one's body. Requests without the header, or without a body, are not touched and cost one check.
/// </summary>
internal static class ExpectContinue
{
    /// <summary>Watches a request that announced a body with <c>Expect: 100-continue</c>, to close its connection if it is answered unread.</summary>
    public static void Watch(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Expect.Count == 0
            || !request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)
            || request.ContentLength == 0
            || (request.ContentLength is null && !request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var body = new ReadWatchingStream(request.Body);
        request.Body = body;
        context.Response.OnStarting(static state =>
        {
            var (response, watched) = ((HttpResponse, ReadWatchingStream))state;
            if (!watched.ReadStarted)
            {
                response.Headers[HeaderNames.Connection] = "close";
            }

            return Task.CompletedTask;
        }, (context.Response, body));
    }

    /// <summary>The request body, noting whether anything asked to read it (which is what sends <c>100 Continue</c>).</summary>
    private sealed class ReadWatchingStream(Stream inner) : Stream
    {
        private volatile bool _readStarted;

        public bool ReadStarted => _readStarted;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            _readStarted = true;
            return inner.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            _readStarted = true;
            return inner.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _readStarted = true;
            return inner.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _readStarted = true;
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            _readStarted = true;
            return inner.CopyToAsync(destination, bufferSize, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
