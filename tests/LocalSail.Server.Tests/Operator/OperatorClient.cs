using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator;

/// <summary>
/// Plain HTTP to the server with any Host header (every name connects to it), optionally signed with SigV4;
/// cookies only as the test sends them. Every request goes over one connection, which the server reads one
/// request at a time: a request is answered only after the one before it was observed.
/// </summary>
internal sealed class OperatorClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RequestSigner _signer = new();

    public OperatorClient(RunningServer server)
    {
        Port = server.Endpoint.Port;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
    }

    public int Port { get; }

    public string DefaultHost => $"127.0.0.1:{Port}";

    public async Task<OperatorReply> SendAsync(
        HttpMethod method,
        string path,
        string? host = null,
        Credentials? signWith = null,
        string? json = null,
        IDictionary<string, string>? headers = null,
        string service = "lightsail",
        byte[]? body = null)
    {
        using var request = new HttpRequestMessage(method, $"http://{host ?? DefaultHost}{path}");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (signWith is not null)
        {
            _signer.Sign(request, signWith, "us-east-1", service, DateTimeOffset.UtcNow, json is not null ? SigV4.Sha256Hex(json) : SigV4.Sha256Hex(body ?? []));
        }

        using var response = await _http.SendAsync(request);
        return new OperatorReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    public Task<OperatorReply> GetAsync(string path, string? host = null, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Get, path, host, headers: headers);

    /// <summary>An S3 request, path style, signed with <paramref name="credentials"/>.</summary>
    public Task<OperatorReply> S3Async(HttpMethod method, string path, Credentials credentials, byte[]? body = null) =>
        SendAsync(method, path, signWith: credentials, service: "s3", body: body);

    /// <summary>A Lightsail API call signed with <paramref name="credentials"/>.</summary>
    public Task<OperatorReply> LightsailAsync(string operation, Credentials credentials, string json = "{}") =>
        SendAsync(HttpMethod.Post, "/", signWith: credentials, json: json, headers: new Dictionary<string, string> { ["X-Amz-Target"] = "Lightsail_20161128." + operation });

    public void Dispose() => _http.Dispose();
}

internal sealed record OperatorReply(int Status, string Body, System.Net.Http.Headers.HttpResponseHeaders Headers, System.Net.Http.Headers.HttpContentHeaders ContentHeaders)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Error => Json.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(',', values) : null;

    public override string ToString() => $"{Status} {Body}";
}
