using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalSail.Client.Configuration;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;
using LocalSail.Signing;

namespace LocalSail.Client;

/// <summary>
/// Amazon Lightsail's bucket, access-key, operation and tag API over JSON 1.1, signed with SigV4.
/// Thread-safe; one instance can serve a whole application.
/// </summary>
public sealed partial class LightsailClient : IDisposable
{
    public const string ServiceName = "lightsail";
    public const string TargetPrefix = "Lightsail_20161128";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    // One connection pool for every client in the process; connections are recycled so DNS changes are seen.
    private static readonly Lazy<HttpClient> SharedHttpClient = new(() => new HttpClient(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        disposeHandler: false));

    // Signing keys are derived once per access key, day, region and service, whichever client signs.
    private static readonly SigningKeyCache SharedSigningKeys = new();

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RequestSigner _signer = new(SharedSigningKeys);
    private readonly LightsailClientOptions _options;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Func<double> _jitter;

    public LightsailClient(LightsailClientOptions? options = null)
        : this(options ?? new LightsailClientOptions(), SharedHttpClient.Value, ownsHttp: false)
    {
    }

    /// <summary>A client sending through <paramref name="handler"/>, which the client does not dispose.</summary>
    public LightsailClient(LightsailClientOptions options, HttpMessageHandler handler)
        : this(options, new HttpClient(handler, disposeHandler: false), ownsHttp: true)
    {
    }

    private LightsailClient(LightsailClientOptions options, HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "MaxAttempts must be at least 1.");
        }

        _options = options;
        _http = http;
        _ownsHttp = ownsHttp;
        Settings = ClientSettingsResolver.Resolve(options, options.Environment ?? AwsEnvironment.Process);
        _delay = options.Delay ?? ((delay, token) => Task.Delay(delay, options.TimeProvider, token));
        _jitter = options.Jitter ?? Random.Shared.NextDouble;
    }

    /// <summary>The credentials, region and endpoint this client resolved.</summary>
    public ClientSettings Settings { get; }

    /// <summary>
    /// Sends one operation with a JSON body as it is and returns the successful answer's bytes; errors are
    /// thrown as the typed exceptions, after the same retries as the typed methods.
    /// </summary>
    public async Task<LightsailRawResponse> SendAsync(string operationName, byte[] jsonBody, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        ArgumentNullException.ThrowIfNull(jsonBody);
        var payloadHash = SigV4.Sha256Hex(jsonBody);
        var target = TargetPrefix + "." + operationName;

        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Settings.Endpoint);
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            _signer.Sign(request, Settings.Credentials, Settings.Region, ServiceName, _options.TimeProvider.GetUtcNow(), payloadHash);

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var requestId = FirstHeader(response, "x-amzn-RequestId");
            if (response.IsSuccessStatusCode)
            {
                return new LightsailRawResponse(body, response.StatusCode, requestId);
            }

            var details = ErrorMapper.ReadDetails(body, response.StatusCode, FirstHeader(response, "x-amzn-ErrorType"), requestId);
            var retryable = ErrorMapper.IsRetryable(details);
            if (attempt >= _options.MaxAttempts || !retryable)
            {
                var exception = ErrorMapper.ToException(details);
                exception.Attempts = attempt;
                exception.MaxAttemptsReached = retryable;
                throw exception;
            }

            await _delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Full jitter: a random wait up to an exponentially growing, capped ceiling.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var ceiling = _options.BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        ceiling = Math.Min(ceiling, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * _jitter());
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operationName,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : LightsailResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var raw = await SendAsync(operationName, body, cancellationToken).ConfigureAwait(false);
        var response = (raw.Body.Length == 0 ? null : JsonSerializer.Deserialize(raw.Body, responseType))
            ?? throw new LightsailException($"{operationName} answered without a JSON body.");
        response.RequestId = raw.RequestId;
        response.HttpStatusCode = raw.StatusCode;
        return response;
    }

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
