using BenchmarkDotNet.Attributes;
using LocalSail.Server.Hosting;
using LocalSail.Server.Operator.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace LocalSail.Bench.Micro;

/// <summary>
/// What the request metrics add to every answered request: the observer's counters and histogram, recorded
/// while OpenTelemetry's Prometheus exporter listens, as in the server.
/// </summary>
[MemoryDiagnoser]
public class RequestMetricsBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestMetrics _metrics = null!;
    private HttpContext _get = null!;
    private HttpContext _missing = null!;
    private RequestSummary _getSummary = null!;
    private RequestSummary _missingSummary = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(RequestMetrics.MeterName).AddPrometheusExporter());
        services.AddSingleton<RequestMetrics>();
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        _metrics = _services.GetRequiredService<RequestMetrics>();

        _get = new DefaultHttpContext();
        _get.Request.Method = "GET";
        _get.Response.StatusCode = 200;
        _get.Response.ContentLength = 4096;
        _getSummary = new RequestSummary { Api = RequestApi.S3, Operation = "GetObject", Bucket = "bench-data", Key = "k" };

        _missing = new DefaultHttpContext();
        _missing.Request.Method = "GET";
        _missing.Response.StatusCode = 404;
        _missing.Response.ContentLength = 300;
        _missingSummary = new RequestSummary { Api = RequestApi.S3, Operation = "GetObject", ErrorCode = "NoSuchKey" };
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "a GetObject answered")]
    public void Answered() => _metrics.OnCompleted(_get, _getSummary, TimeSpan.FromMicroseconds(80));

    [Benchmark(Description = "a GetObject answered NoSuchKey")]
    public void Failed() => _metrics.OnCompleted(_missing, _missingSummary, TimeSpan.FromMicroseconds(60));
}
