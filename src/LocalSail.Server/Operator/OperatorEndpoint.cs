using LocalSail.Server.Hosting;
using LocalSail.Server.Operator.Console;
using LocalSail.Server.Operator.Health;
using LocalSail.Server.Operator.Metrics;
using LocalSail.Server.Operator.Reset;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator;

/// <summary>
/// The operator surface, on the APIs' port under <c>/_localsail/</c>, a path that can never be a bucket (bucket
/// names have no <c>_</c>): health, metrics, reset and the console. Only requests whose Host names this server
/// are answered; anything else is refused before any state is read or changed.
/// </summary>
internal sealed partial class OperatorEndpoint(
    OperatorHostFilter hosts,
    HealthEndpoint health,
    MetricsEndpoint metrics,
    ResetEndpoint reset,
    ConsoleEndpoint console,
    LocalSailOptions options,
    ILogger<OperatorEndpoint> logger)
{
    public const string PathPrefix = "/_localsail";

    /// <summary>
    /// Whether the request is the surface's: a path under <see cref="PathPrefix"/>, sent to the server rather than
    /// to a virtual-hosted bucket (whose object keys may start with <c>_localsail/</c>). The second character is
    /// looked at first, so that the APIs' requests pay one comparison.
    /// </summary>
    public bool Claims(HttpRequest request)
    {
        var path = request.Path.Value;
        if (path is null || path.Length < PathPrefix.Length || path[1] != '_'
            || !path.StartsWith(PathPrefix, StringComparison.Ordinal)
            || (path.Length > PathPrefix.Length && path[PathPrefix.Length] != '/'))
        {
            return false;
        }

        var host = request.Host.Host;
        var s3Host = options.S3Host;
        return s3Host.Length == 0 || host.Length <= s3Host.Length + 1
            || !host.EndsWith(s3Host, StringComparison.OrdinalIgnoreCase) || host[host.Length - s3Host.Length - 1] != '.';
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, context.Request.Path.Value, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status500InternalServerError, "InternalError", "The request failed unexpectedly; the server log says why.");
            }
        }
    }

    private Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        if (!hosts.Allows(request.Host.Value))
        {
            var host = request.Host.Value ?? string.Empty;
            return OperatorResponses.WriteErrorAsync(
                context.Response,
                StatusCodes.Status403Forbidden,
                "UnknownHost",
                $"This server does not answer /_localsail/ for the host '{(host.Length > 100 ? host[..100] : host)}'. Use its address, or name the host in the operator hosts option.");
        }

        var rest = request.Path.Value![PathPrefix.Length..];
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        switch (rest)
        {
            case "/health" or "/health/ready" when isRead:
                return health.ReadyAsync(context);
            case "/health/live" when isRead:
                return health.LiveAsync(context);
            case "/health" or "/health/ready" or "/health/live":
                return OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Health is read with GET or HEAD.");
            case "/metrics":
                return metrics.HandleAsync(context);
            case "/reset":
                return reset.HandleAsync(context);
            case "" or "/" when options.ConsoleEnabled && isRead:
                context.Response.Redirect(ConsoleEndpoint.Path + "/");
                return Task.CompletedTask;
        }

        if (options.ConsoleEnabled && (rest == "/console" || rest.StartsWith("/console/", StringComparison.Ordinal)))
        {
            return console.HandleAsync(context, rest["/console".Length..]);
        }

        return OperatorResponses.WriteErrorAsync(
            context.Response,
            StatusCodes.Status404NotFound,
            "NotFound",
            "The operator surface serves /_localsail/health, /health/live, /health/ready, /metrics, /reset and /console.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator request {Path} failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, string? path, Exception exception);
}
