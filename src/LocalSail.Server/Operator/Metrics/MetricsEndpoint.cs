using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator.Metrics;

/// <summary>
/// <c>GET /_localsail/metrics</c>: the OpenTelemetry Prometheus exporter's scrape, in Prometheus' text format
/// (or OpenMetrics when asked), after the access check.
/// </summary>
internal sealed class MetricsEndpoint
{
    private readonly OperatorAccess _access;
    private readonly RequestDelegate _scrape;

    // The gauges are made with the endpoint, so that they exist before the first scrape.
    public MetricsEndpoint(IServiceProvider services, OperatorAccess access, StoreGauges gauges)
    {
        _ = gauges;
        _access = access;
        // The exporter comes as middleware; one branch of its own, always taken, serves every scrape.
        var branch = new ApplicationBuilder(services);
        branch.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
        _scrape = branch.Build();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Metrics are read with GET.");
            return;
        }

        if (!_access.MetricsOpen && !_access.HasMetricsToken(request) && !await _access.IsSignedByRootAsync(request, ReadOnlyMemory<byte>.Empty, context.RequestAborted))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"localsail\"";
            await OperatorResponses.WriteErrorAsync(
                context.Response,
                StatusCodes.Status401Unauthorized,
                "Unauthorized",
                "Metrics need the metrics token (Authorization: Bearer ...) or a request signed with the account's root key.");
            return;
        }

        OperatorResponses.ApplySecurityHeaders(context.Response);
        await _scrape(context);
    }
}
