using System.Globalization;
using System.Text;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Reliability;

/// <summary>
/// An HTTP/1.1 request as bytes on the wire: request line, headers in order, body. It is signed by the
/// project's <see cref="RequestSigner"/> and can then be changed freely (its framing included) before it is written.
/// </summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public const string LightsailTargetPrefix = "Lightsail_20161128.";

    public bool IsHead => Method == "HEAD";

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public RawRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public RawRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    /// <summary>Another body, with a Content-Length that says its length (unless the request is chunked).</summary>
    public RawRequest WithBody(byte[] body) =>
        Header("Content-Length") is null ? this with { Body = body } : WithHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)) with { Body = body };

    /// <summary>The request line, the headers and the body, exactly as they will be written.</summary>
    public byte[] ToBytes()
    {
        using var bytes = new MemoryStream();
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{Method} {Target} HTTP/1.1\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        // Latin-1 so that a header may carry any byte a test puts in it.
        bytes.Write(Encoding.Latin1.GetBytes(head.ToString()));
        bytes.Write(Body);
        return bytes.ToArray();
    }

    /// <summary>
    /// An S3 request signed with <paramref name="credentials"/> (or anonymous), with a Content-Length of its
    /// body. <paramref name="payloadHash"/> defaults to the body's SHA-256.
    /// </summary>
    public static RawRequest S3(
        Uri endpoint,
        string method,
        string target,
        Credentials? credentials,
        byte[]? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? payloadHash = null,
        string region = "us-east-1") =>
        Build(endpoint, method, target, credentials, "s3", region, body ?? [], headers ?? [], payloadHash);

    /// <summary>A Lightsail call (<c>POST /</c>, JSON 1.1) whose body is taken as bytes, valid UTF-8 or not.</summary>
    public static RawRequest Lightsail(Uri endpoint, string operation, byte[] body, Credentials credentials, string region = "us-east-1") =>
        Build(
            endpoint,
            "POST",
            "/",
            credentials,
            "lightsail",
            region,
            body,
            [new("X-Amz-Target", LightsailTargetPrefix + operation), new("Content-Type", "application/x-amz-json-1.1")],
            null);

    private static RawRequest Build(
        Uri endpoint,
        string method,
        string target,
        Credentials? credentials,
        string service,
        string region,
        byte[] body,
        IEnumerable<KeyValuePair<string, string>> headers,
        string? payloadHash)
    {
        var ordered = new List<KeyValuePair<string, string>> { new("Host", $"{endpoint.Host}:{endpoint.Port}") };
        ordered.AddRange(headers);
        if (credentials is not null)
        {
            using var message = new HttpRequestMessage(new HttpMethod(method), SigningUri(endpoint, target));
            foreach (var (name, value) in headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, value))
                {
                    message.Content ??= new ByteArrayContent([]);
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            new RequestSigner().Sign(message, credentials, region, service, DateTimeOffset.UtcNow, payloadHash ?? SigV4.Sha256Hex(body));
            foreach (var name in new[] { "X-Amz-Date", "x-amz-content-sha256", "Authorization" })
            {
                if (message.Headers.TryGetValues(name, out var values))
                {
                    ordered.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
                    ordered.Add(new(name, string.Join(',', values)));
                }
            }
        }

        if (!ordered.Any(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            ordered.Add(new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        return new RawRequest(method, target, ordered, body);
    }

    /// <summary>
    /// The URI the signature is computed for: the target taken as the path and query it is, even when it
    /// looks like something else ("//host/..."). A target no URI can hold is signed as "/", and the server
    /// will find the signature does not match, as it should.
    /// </summary>
    private static Uri SigningUri(Uri endpoint, string target) =>
        Uri.TryCreate($"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}{(target.StartsWith('/') ? target : "/" + target)}", UriKind.Absolute, out var uri) && uri.Port == endpoint.Port
            ? uri
            : new Uri(endpoint, "/");
}
