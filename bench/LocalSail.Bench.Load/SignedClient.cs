using System.Net;
using System.Net.Http.Headers;
using LocalSail.Signing;

namespace LocalSail.Bench.Load;

/// <summary>
/// Builds and sends requests signed with SigV4 the way an SDK signs them: a fresh signature per request,
/// over the host, date, content hash and (for JSON APIs) content type and target headers (see <see cref="FastSigner"/>).
/// It may know several endpoints, nodes of one server sharing their state: setup goes through the first, and
/// worker i sends through endpoint i mod n (<see cref="For"/>).
/// </summary>
public sealed class SignedClient
{
    private readonly SignedClient[] _nodes;

    public SignedClient(HttpClient http, IReadOnlyList<Uri> endpoints, Credentials credentials, string region)
    {
        Http = http;
        Endpoint = endpoints[0];
        Credentials = credentials;
        Region = region;
        _nodes = endpoints.Count == 1 ? [this] : endpoints.Select(e => new SignedClient(http, [e], credentials, region)).ToArray();
    }

    public HttpClient Http { get; }

    public Uri Endpoint { get; }

    public Credentials Credentials { get; }

    public string Region { get; }

    /// <summary>Every endpoint, the first being <see cref="Endpoint"/>.</summary>
    public IReadOnlyList<Uri> Endpoints => _nodes.Select(n => n.Endpoint).ToArray();

    public SignedClient WithCredentials(Credentials credentials) => new(Http, Endpoints, credentials, Region);

    /// <summary>The client of the endpoint a worker sends through: worker i uses endpoint i mod n.</summary>
    public SignedClient For(WorkerContext worker) => _nodes[worker.Index % _nodes.Length];

    /// <summary>One shared, pooled client: HTTP/1.1 keep-alive connections, enough for every worker.</summary>
    public static HttpClient CreateHttp(int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(connections, 1),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(120),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

    public Uri Resolve(string pathAndQuery) => new(Endpoint, pathAndQuery);

    /// <summary>An S3 request: path-style URL, <c>x-amz-content-sha256</c> set to <paramref name="payloadHash"/>.</summary>
    public HttpRequestMessage S3(HttpMethod method, Uri uri, ReadOnlyMemory<byte> body = default, string payloadHash = SigV4.EmptyPayloadHash)
    {
        var request = new HttpRequestMessage(method, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (method == HttpMethod.Put || method == HttpMethod.Post)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentLength = body.Length;
        }

        FastSigner.SignS3(request, Credentials, Region, payloadHash);
        return request;
    }

    /// <summary>A JSON-protocol call: <c>POST /</c> with <c>X-Amz-Target</c>, signed for <paramref name="service"/>.</summary>
    public HttpRequestMessage Json(JsonCall call)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content = new ReadOnlyMemoryContent(call.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.ContentType);
        request.Content.Headers.ContentLength = call.Body.Length;
        FastSigner.SignJson(request, Credentials, Region, call);
        return request;
    }

    /// <summary>Sends and reads the whole answer into memory; for setup steps, where speed does not matter.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)> SendForTextAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request, cancellation).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            return (response.StatusCode, text, response.Headers);
        }
    }
}

/// <summary>A prepared JSON 1.0/1.1 call: its target, body and the body's hash, computed once.</summary>
public sealed class JsonCall
{
    public JsonCall(string service, string target, string body, string contentType = "application/x-amz-json-1.1")
    {
        Service = service;
        Target = target;
        Body = System.Text.Encoding.UTF8.GetBytes(body);
        PayloadHash = SigV4.Sha256Hex(Body);
        ContentType = contentType;
    }

    public string Service { get; }

    public string Target { get; }

    public byte[] Body { get; }

    public string PayloadHash { get; }

    public string ContentType { get; }
}
