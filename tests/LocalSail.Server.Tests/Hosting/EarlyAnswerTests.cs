using System.Net;
using System.Net.Sockets;
using System.Text;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>
/// A client that announces its body with <c>Expect: 100-continue</c> and gets a final answer instead of
/// <c>100 Continue</c> does not send the body; the connection must not be read on as if it had.
/// </summary>
public sealed class EarlyAnswerTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private string _bucket = null!;
    private Credentials _foreignKey = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _bucket = await _server.CreateBucketAsync("early");
        _foreignKey = await _server.CreateKeyAsync(await _server.CreateBucketAsync("other"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_refused_upload_whose_body_was_not_sent_closes_the_connection()
    {
        using var connection = await ConnectAsync();
        await connection.WriteAsync(SignedHead(HttpMethod.Put, $"/{_bucket}/refused", _foreignKey, bodyLength: 2000, expectContinue: true));

        var answer = await ReadAnswerAsync(connection);

        Assert.StartsWith("HTTP/1.1 403", answer);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<Code>AccessDenied</Code>", answer);
    }

    [Fact]
    public async Task A_refused_Lightsail_call_whose_body_was_not_sent_closes_the_connection()
    {
        using var connection = await ConnectAsync();
        var head = $"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: NotLightsail.CreateBucket\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 50\r\nExpect: 100-continue\r\n\r\n";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head));

        var answer = await ReadAnswerAsync(connection);

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_upload_that_was_read_keeps_its_connection_for_the_next_request()
    {
        var key = await _server.CreateKeyAsync(_bucket);
        using var connection = await ConnectAsync();
        var body = Encoding.ASCII.GetBytes("hello");
        await connection.WriteAsync(SignedHead(HttpMethod.Put, $"/{_bucket}/kept", key, body.Length, expectContinue: false));
        await connection.WriteAsync(body);
        Assert.StartsWith("HTTP/1.1 200", await ReadAnswerAsync(connection));

        await connection.WriteAsync(SignedHead(HttpMethod.Get, $"/{_bucket}/kept", key, bodyLength: 0, expectContinue: false));
        var read = await ReadAnswerAsync(connection);
        Assert.StartsWith("HTTP/1.1 200", read);
        Assert.EndsWith("hello", read);
    }

    private async Task<NetworkStream> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _server.Server.Endpoint.Port));
        return new NetworkStream(socket, ownsSocket: true) { ReadTimeout = 10_000 };
    }

    /// <summary>The request line and headers of a request signed with an unsigned payload, as an SDK sends them.</summary>
    private byte[] SignedHead(HttpMethod method, string path, Credentials credentials, int bodyLength, bool expectContinue)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.Server.Endpoint, path));
        if (bodyLength > 0)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentLength = bodyLength;
        }

        new RequestSigner().Sign(request, credentials, "us-east-1", "s3", DateTimeOffset.UtcNow, SigV4.UnsignedPayload);
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\n");
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            head.Append(name).Append(": ").Append(string.Join(",", values)).Append("\r\n");
        }

        if (expectContinue)
        {
            head.Append("Expect: 100-continue\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>One answer: its head and as many body bytes as its Content-Length says.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream connection)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text[..end].Split("\r\n").Select(line => line.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                if (received.Count >= end + 4 + length)
                {
                    return text[..(end + 4 + length)];
                }
            }

            var read = await connection.ReadAsync(buffer);
            if (read == 0)
            {
                return text;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }
    }
}
