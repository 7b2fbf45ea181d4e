using LocalSail.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// The classify stage: which operation a request is, on which bucket and key (<see cref="S3RequestClassifier"/>),
/// from the path exactly as it was sent. A method S3 does not allow on the resource is refused at once.
/// </summary>
internal static class S3Classification
{
    /// <summary>The request's context, its route decided.</summary>
    public static S3RequestContext Classify(HttpContext http, LocalSailOptions options, string requestId, DateTimeOffset now)
    {
        var request = http.Request;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var route = S3RequestClassifier.Classify(
            request.Method,
            request.Host.Value ?? string.Empty,
            rawPath,
            request.Query,
            request.Headers.ContainsKey("x-amz-copy-source"),
            options.S3Host);
        return new S3RequestContext(http, route, requestId, now) { RawPath = rawPath };
    }

    /// <summary>The refusal of a request whose method S3 does not allow on its resource; null for any other.</summary>
    public static S3Error? Refusal(S3RequestContext context) =>
        context.Route.Operation == S3Operation.MethodNotAllowed ? S3Error.MethodNotAllowed : null;
}
