using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.ControlPlane;

/// <summary>
/// The Lightsail API: <c>POST /</c> with <c>X-Amz-Target: Lightsail_20161128.&lt;Operation&gt;</c>. Reads
/// and authenticates the request, validates the input against its shape and runs the operation.
/// </summary>
internal sealed class LightsailEndpoint(
    LightsailOperationTable operations,
    SigV4Verifier verifier,
    LocalSailOptions options,
    TimeProvider clock,
    ILogger<LightsailEndpoint> logger)
{
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>
    /// A request is for the Lightsail API when it is a <c>POST /</c> with an <c>X-Amz-Target</c> header. Its
    /// content type says nothing: an S3 object may be uploaded with any content type, this one included.
    /// </summary>
    public static bool IsLightsailRequest(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Value is "/" or ""
        && request.Headers.ContainsKey("X-Amz-Target");

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["x-amzn-RequestId"] = requestId;
        var summary = RequestSummary.Of(context);
        summary.Api = RequestApi.Lightsail;
        summary.RequestId = requestId;

        LightsailError? error;
        try
        {
            error = await HandleAsync(context, requestId, summary);
        }
        catch (Exception ex) when (ClientDisconnect.Is(ex, context))
        {
            // The client went away mid-request: no one to answer, and nothing of the body left to drain.
            context.Abort();
            return;
        }

        if (error is not null)
        {
            summary.ErrorCode = error.Type;
            logger.LogDebug("Lightsail {Target} failed: {ErrorType} {Message}", request.Headers["X-Amz-Target"].ToString(), error.Type, error.Message);
            await LightsailErrorWriter.WriteAsync(response, error);
        }
    }

    private async Task<LightsailError?> HandleAsync(HttpContext context, string requestId, RequestSummary summary)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return LightsailError.UnknownOperation($"The Lightsail API is served at POST /, not {request.Method}.");
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        if (!target.StartsWith(LightsailOperationTable.TargetPrefix, StringComparison.Ordinal))
        {
            return LightsailError.UnknownOperation(
                target.Length == 0
                    ? "The request has no X-Amz-Target header; expected Lightsail_20161128.<Operation>."
                    : $"The X-Amz-Target '{Truncate(target)}' is not of the form Lightsail_20161128.<Operation>.");
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request, options.MaxApiRequestBytes, context.RequestAborted);
        }
        catch (IOException ex) when (!ClientDisconnect.Is(ex, context))
        {
            // The HTTP layer could not decode the body (its chunked framing, or it came too slowly): the
            // client's error, in the API's own form. The connection is not used again after it.
            return LightsailError.UnreadableBody((ex as BadHttpRequestException)?.StatusCode ?? StatusCodes.Status400BadRequest, ex.Message);
        }

        if (body is null)
        {
            return LightsailError.InvalidInput($"The request body is larger than {options.MaxApiRequestBytes} bytes.");
        }

        var authentication = await verifier.VerifyAsync(request, "lightsail", Sha256Hex(body), context.RequestAborted);
        if (!authentication.Succeeded)
        {
            return LightsailError.Unauthenticated(authentication.Detail!);
        }

        var signed = authentication.Request!;
        summary.Principal = signed.Principal;
        if (!LightsailRegions.All.Contains(signed.Region))
        {
            return LightsailRegions.Unknown(signed.Region);
        }
        if (!signed.Principal.IsAccountRoot)
        {
            return LightsailError.AccessDenied(
                $"The access key {signed.Principal.AccessKeyId} is a bucket access key; it grants access to its bucket through the S3 endpoint, not to the Lightsail API.");
        }

        var operationName = target[LightsailOperationTable.TargetPrefix.Length..];
        if (!operations.TryFind(operationName, out var operation))
        {
            return LightsailError.UnknownOperation($"LocalSail does not serve the operation '{Truncate(operationName)}'.");
        }

        summary.Operation = operation.Name;

        JsonDocument document;
        try
        {
            document = body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return LightsailError.Serialization($"The request body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return LightsailError.Serialization("The request body must be a JSON object.");
            }

            if (!JsonText.IsWellFormed(body, document.RootElement))
            {
                return LightsailError.Serialization("The request body is not valid text: a string holds bytes that are not UTF-8, or an escaped lone surrogate.");
            }

            // The bucket a call is about, for the request log and the metrics (TagResource names it resourceName).
            if ((document.RootElement.TryGetProperty("bucketName", out var bucketName) || document.RootElement.TryGetProperty("resourceName", out bucketName))
                && bucketName.ValueKind == JsonValueKind.String)
            {
                summary.Bucket = bucketName.GetString();
            }

            var invalid = ShapeValidator.Validate(document.RootElement, operation.Input);
            if (invalid is not null)
            {
                return LightsailError.InvalidInput("1 validation error detected: " + invalid);
            }

            var callContext = new LightsailRequestContext(
                signed.Principal,
                new ResourceScope(signed.Principal.AccountId, signed.Region),
                requestId,
                clock.GetUtcNow(),
                S3EndpointFor(request),
                context.RequestAborted);

            LightsailResponse result;
            try
            {
                result = await operation.InvokeAsync(document.RootElement, callContext);
            }
            catch (Exception ex) when (StorageFull.Is(ex))
            {
                StorageFull.Log(logger, operation.Name, ex);
                return LightsailError.StorageFull();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogError(ex, "Lightsail {Operation} failed unexpectedly (request {RequestId})", operation.Name, requestId);
                return LightsailError.Service($"The operation failed unexpectedly (request {requestId}).");
            }

            if (result.Error is not null)
            {
                return result.Error;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            await WriteBodyAsync(context.Response, result.Body!);
            return null;
        }
    }

    internal static Task WriteBodyAsync(HttpResponse response, byte[] body)
    {
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length ? (int)length + 1 : 4096);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Sha256Hex(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The S3 endpoint as the caller reaches this server: the same scheme, host and port.</summary>
    private static Uri S3EndpointFor(HttpRequest request) => new($"{request.Scheme}://{request.Host.Value}/");

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "...";
}
