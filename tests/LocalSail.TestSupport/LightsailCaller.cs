using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LocalSail.Signing;

namespace LocalSail.Testing;

/// <summary>Sends signed Lightsail JSON requests, as an SDK would, and hands back status and body.</summary>
public sealed class LightsailCaller(Uri endpoint, Credentials credentials, string region = "us-east-1", TimeProvider? clock = null) : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly RequestSigner _signer = new();

    public Task<LightsailReply> CallAsync(string operation, string json = "{}", Action<HttpRequestMessage>? tamper = null) =>
        CallAsync(operation, Encoding.UTF8.GetBytes(json), tamper);

    /// <summary>Sends <paramref name="body"/> as it is, for bodies that are not valid text.</summary>
    public async Task<LightsailReply> CallAsync(string operation, byte[] body, Action<HttpRequestMessage>? tamper = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Lightsail_20161128." + operation);
        _signer.Sign(request, credentials, region, "lightsail", (clock ?? TimeProvider.System).GetUtcNow(), SigV4.Sha256Hex(body));
        tamper?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        return new LightsailReply((int)response.StatusCode, answer, response.Headers);
    }

    public async Task<JsonElement> CallOkAsync(string operation, string json = "{}")
    {
        var reply = await CallAsync(operation, json);
        if (reply.Status != 200)
        {
            throw new InvalidOperationException($"{operation} answered {reply.Status}: {reply.Body}");
        }

        return reply.Json;
    }

    /// <summary>Creates a bucket of the smallest bundle.</summary>
    public Task<JsonElement> CreateBucketAsync(string bucketName, bool enableObjectVersioning = false) =>
        CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName, bundleId = "small_1_0", enableObjectVersioning }));

    /// <summary>Creates an access key for the bucket; its id and secret.</summary>
    public async Task<Credentials> CreateAccessKeyAsync(string bucketName)
    {
        var key = (await CallOkAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName }))).GetProperty("accessKey");
        return new Credentials(key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
    }

    public void Dispose() => _http.Dispose();
}

public sealed record LightsailReply(int Status, string Body, HttpResponseHeaders Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ErrorType => Status == 200 ? null : Json.GetProperty("__type").GetString();
}
