using System.Diagnostics.Metrics;
using LocalSail.Server.Hosting;
using LocalSail.Server.Operator.Console;
using LocalSail.Server.Operator.Health;
using LocalSail.Server.Operator.Metrics;
using LocalSail.Server.Operator.Reset;
using LocalSail.Server.Operator.Usage;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LocalSail.Server.Operator;

internal static class OperatorServiceCollectionExtensions
{
    /// <summary>The meter of Kestrel's connection metrics (open connections among them).</summary>
    public const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";

    /// <summary>
    /// The operator surface under <c>/_localsail/</c>: health, Prometheus metrics through OpenTelemetry (the
    /// request metrics are an observer of every request), the usage sampler, reset and the console.
    /// </summary>
    public static IServiceCollection AddLocalSailOperator(this IServiceCollection services, LocalSailOptions options)
    {
        services.AddSingleton<OperatorHostFilter>();
        services.AddSingleton<OperatorAccess>();
        services.AddSingleton<InProcessLightsail>();
        services.AddSingleton<HealthEndpoint>();

        services.AddMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("localsail", serviceVersion: HealthEndpoint.Version))
            .WithMetrics(metrics => metrics
                .AddMeter(RequestMetrics.MeterName, KestrelMeterName)
                // Every scrape is collected afresh: a request made just before it is in it.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // Meters are matched by name in the whole process: with several servers in one process (tests, or an
        // application that embeds them) each would report the others' requests. Only instruments made by this
        // server's own meter factory are kept.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var ownMeters = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, ownMeters) ? null : MetricStreamConfiguration.Drop);
        });
        services.AddSingleton<RequestMetrics>();
        services.AddSingleton<IRequestObserver>(provider => provider.GetRequiredService<RequestMetrics>());
        services.AddSingleton<StoreGauges>();
        services.AddSingleton<MetricsEndpoint>();

        services.AddSingleton<BucketUsageSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<BucketUsageSampler>());

        services.AddSingleton<StoreReset>();
        services.AddSingleton<ResetEndpoint>();

        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<ConsolePresigner>();
        services.AddSingleton<ConsoleEndpoint>();

        services.AddSingleton<OperatorEndpoint>();
        return services;
    }
}
