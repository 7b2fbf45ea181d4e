using LocalSail.Signing;

namespace LocalSail.Cli.Keys;

/// <summary>
/// Proves an access key works by listing at most one object of its bucket over S3, signed with that key.
/// New keys can take a few seconds to be accepted, so a refusal is tried again a few times.
/// </summary>
internal sealed class S3KeyProbe
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());
    private readonly HttpClient _http;
    private readonly RequestSigner _signer = new();
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public S3KeyProbe(HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        _http = handler is null ? SharedHttp.Value : new HttpClient(handler, disposeHandler: false);
        _delay = delay ?? ((wait, token) => Task.Delay(wait, token));
    }

    public int Attempts { get; init; } = 6;

    public TimeSpan FirstWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The ListObjectsV2 URL: path style on an endpoint given, virtual-hosted on AWS.</summary>
    public static Uri ListUrl(Uri? s3Endpoint, string bucket, string region)
    {
        const string Query = "?list-type=2&max-keys=1";
        if (s3Endpoint is null)
        {
            return new Uri($"https://{bucket}.s3.{region}.amazonaws.com/{Query}");
        }

        return new Uri(s3Endpoint, "/" + Uri.EscapeDataString(bucket) + Query);
    }

    /// <summary>Null when the key works; otherwise what the last attempt answered.</summary>
    public async Task<string?> ProveAsync(Uri listUrl, Credentials key, string region, CancellationToken cancellationToken)
    {
        string? failure = null;
        var wait = FirstWait;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await _delay(wait, cancellationToken).ConfigureAwait(false);
                wait *= 2;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, listUrl);
            _signer.Sign(request, key, region, "s3", DateTimeOffset.UtcNow, SigV4.EmptyPayloadHash);
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                failure = $"S3 answered {(int)response.StatusCode} {response.ReasonPhrase} at {listUrl.GetLeftPart(UriPartial.Path)}";
            }
            catch (HttpRequestException e)
            {
                failure = $"S3 could not be reached at {listUrl.GetLeftPart(UriPartial.Path)}: {e.Message}";
            }
        }

        return failure;
    }
}
