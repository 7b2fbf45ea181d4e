using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LocalSail.Server.Tests.Reliability;

/// <summary>
/// One HTTP/1.1 connection on a plain socket: the bytes written are exactly the ones given (framing,
/// <c>Expect</c>, pipelining, lies about lengths), and answers are read one at a time, interim ones included.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>True once the server ended the connection (end of stream or reset).</summary>
    public bool ClosedByServer { get; private set; }

    public static async Task<RawHttpConnection> OpenAsync(Uri endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port));
        return new RawHttpConnection(socket);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may close a connection it refused before reading what remains; its answer is still readable.
            ClosedByServer = true;
        }
    }

    /// <summary>
    /// Reads the next answer; interim (1xx) answers are returned too unless <paramref name="skipInterim"/>.
    /// Null when the server closed the connection without answering. Throws <see cref="TimeoutException"/>
    /// when nothing complete arrived within <paramref name="timeout"/>.
    /// </summary>
    public async Task<RawHttpResponse?> ReadResponseAsync(TimeSpan timeout, bool requestWasHead = false, bool skipInterim = true)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var response = await ReadOneAsync(requestWasHead, deadline.Token);
                if (response is null || !(skipInterim && response.Status is >= 100 and < 200))
                {
                    return response;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer within {timeout.TotalSeconds} s.");
        }
    }

    /// <summary>Resets the connection (RST), as a client that gives up in the middle of an upload.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _stream.Dispose();

    private async Task<RawHttpResponse?> ReadOneAsync(bool requestWasHead, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusParts[1], out var status))
        {
            throw new InvalidDataException($"Not an HTTP status line: '{lines[0]}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"Not a header line: '{line}'.");
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var response = new RawHttpResponse(status, headers, []);
        if (requestWasHead || status is (>= 100 and < 200) or 204 or 304)
        {
            return response;
        }

        if (response.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return response with { Body = await ReadChunkedAsync(cancellationToken) };
        }

        if (response.Header("Content-Length") is { } lengthText)
        {
            return response with { Body = await ReadExactlyAsync(int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture), cancellationToken) };
        }

        // Neither: the body runs to the end of the connection.
        using var rest = new MemoryStream();
        do
        {
            rest.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        while (await FillAsync(cancellationToken));

        return response with { Body = rest.ToArray() };
    }

    private async Task<string?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 4;
                return head;
            }

            if (!await FillAsync(cancellationToken))
            {
                if (_start == _end)
                {
                    return null;
                }

                throw new InvalidDataException("The connection ended inside an answer's head.");
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new InvalidDataException($"The connection ended after {copied} of {length} body bytes.");
            }

            var take = Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(body.AsSpan(copied));
            _start += take;
            copied += take;
        }

        return body;
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 2;
                return line;
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new InvalidDataException("The connection ended inside a chunked answer.");
            }
        }
    }

    /// <summary>Reads more bytes into the buffer; false at the end of the connection.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (ClosedByServer)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("An answer's head or chunk line is larger than the read buffer.");
        }

        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        }
        catch (IOException)
        {
            read = 0;
        }

        if (read == 0)
        {
            ClosedByServer = true;
            return false;
        }

        _end += read;
        return true;
    }
}

/// <summary>An answer read from a <see cref="RawHttpConnection"/>.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>The server said it closes the connection after this answer.</summary>
    public bool ClosesConnection => Header("Connection") is { } value && value.Contains("close", StringComparison.OrdinalIgnoreCase);

    public override string ToString()
    {
        var text = Text;
        return $"{Status} [{string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}] {(text.Length > 600 ? text[..600] + "..." : text)}";
    }
}
