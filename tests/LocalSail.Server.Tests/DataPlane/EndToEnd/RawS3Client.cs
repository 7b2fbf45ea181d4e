using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// Plain HTTP against the S3 endpoint, signed (or not) by hand, for what SDKs will not send: bad
/// signatures, wrong checksums, skewed clocks, anonymous requests. Any host name connects to the server.
/// </summary>
public sealed class RawS3Client : IDisposable
{
    private readonly HttpClient _http;
    private readonly RequestSigner _signer = new();

    public RawS3Client(Uri endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler);
    }

    public async Task<RawReply> SendAsync(
        HttpMethod method,
        string url,
        Credentials? credentials,
        byte[]? body = null,
        IDictionary<string, string>? headers = null,
        string? payloadHash = null,
        DateTimeOffset? signedAt = null,
        Action<HttpRequestMessage>? tamper = null,
        string region = "us-east-1")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (credentials is not null)
        {
            _signer.Sign(request, credentials, region, "s3", signedAt ?? DateTimeOffset.UtcNow, payloadHash ?? SigV4.Sha256Hex(body ?? []));
        }

        tamper?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawReply((int)response.StatusCode, bytes, response);
    }

    public void Dispose() => _http.Dispose();
}

public sealed record RawReply(int Status, byte[] Body, HttpResponseMessage Response)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The S3 error code of an &lt;Error&gt; body, or null.</summary>
    public string? ErrorCode => Body.Length == 0 ? null : XDocument.Parse(Text).Root?.Element("Code")?.Value;

    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values) ? string.Join(',', values) : null;
}
