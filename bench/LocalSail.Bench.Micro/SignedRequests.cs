using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Bench.Micro;

/// <summary>Requests as the server receives them, signed for real by <see cref="RequestSigner"/> at a fixed time.</summary>
internal static class SignedRequests
{
    public static readonly Credentials Key = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    public static readonly byte[] AccessKeysBody = """{"bucketName":"bench-data"}"""u8.ToArray();

    public static DefaultHttpContext Lightsail(string operation, byte[] body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8080/");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "Lightsail_20161128." + operation);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        new RequestSigner().Sign(message, Key, "us-east-1", "lightsail", Now, SigV4.Sha256Hex(body));
        return ToContext(message, body);
    }

    public static DefaultHttpContext S3Get(string pathAndQuery)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8080" + pathAndQuery);
        new RequestSigner().Sign(message, Key, "us-east-1", "s3", Now, SigV4.EmptyPayloadHash);
        return ToContext(message, []);
    }

    private static DefaultHttpContext ToContext(HttpRequestMessage message, byte[] body)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        var uri = message.RequestUri!;
        request.Method = message.Method.Method;
        request.Scheme = "http";
        request.Host = new HostString(uri.Authority);
        request.Path = new PathString(Uri.UnescapeDataString(uri.AbsolutePath));
        request.QueryString = new QueryString(uri.Query);
        foreach (var header in message.Headers)
        {
            request.Headers[header.Key] = string.Join(',', header.Value);
        }

        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers)
            {
                request.Headers[header.Key] = string.Join(',', header.Value);
            }
        }

        request.Body = new MemoryStream(body);
        return context;
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
