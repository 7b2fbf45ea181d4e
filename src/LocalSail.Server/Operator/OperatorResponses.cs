using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator;

/// <summary>How the operator surface answers: JSON that is never cached, never framed and never sniffed.</summary>
internal static class OperatorResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static Task WriteJsonAsync<T>(HttpResponse response, int status, T value, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        response.StatusCode = status;
        ApplySecurityHeaders(response);
        response.Headers.CacheControl = "no-store";
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(response.HttpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    public static Task WriteErrorAsync(HttpResponse response, int status, string error, string message) =>
        WriteJsonAsync(response, status, new OperatorError(error, message), OperatorJsonContext.Default.OperatorError);

    /// <summary>Nothing of the surface may be shown in another site's frame or read as another type than it is.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}
