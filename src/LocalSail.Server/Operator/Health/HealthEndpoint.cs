using System.Diagnostics;
using System.Reflection;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator.Health;

/// <summary>
/// Liveness (the process answers) and readiness (the database answers reads and writes, the data directory
/// takes files, and the server is not stopping), as JSON: 200 when live or ready, 503 when not ready.
/// </summary>
internal sealed partial class HealthEndpoint(
    IStoreAdministration store,
    StorageLayout layout,
    IHostApplicationLifetime lifetime,
    ILogger<HealthEndpoint> logger)
{
    /// <summary>How long the database may take to answer before the server is reported not ready.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static readonly string Version =
        typeof(HealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public Task LiveAsync(HttpContext context) =>
        OperatorResponses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, new HealthReport("live", null, Version, Uptime()), OperatorJsonContext.Default.HealthReport);

    public async Task ReadyAsync(HttpContext context)
    {
        var report = await CheckAsync(context.RequestAborted);
        var status = report.Status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await OperatorResponses.WriteJsonAsync(context.Response, status, report, OperatorJsonContext.Default.HealthReport);
    }

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return new HealthReport("stopping", [], Version, Uptime());
        }

        HealthCheckResult[] checks = [await CheckDatabaseAsync(cancellationToken), CheckDataDirectory()];
        return new HealthReport(checks.All(c => c.Status == "ok") ? "ready" : "not ready", checks, Version, Uptime());
    }

    private async Task<HealthCheckResult> CheckDatabaseAsync(CancellationToken cancellationToken)
    {
        const string Name = "database";
        try
        {
            await store.CheckAsync(cancellationToken).WaitAsync(CheckTimeout, cancellationToken);
            return new HealthCheckResult(Name, "ok");
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(Name, "failing", $"The database did not answer within {CheckTimeout.TotalSeconds:0} seconds.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(logger, Name, ex);
            return new HealthCheckResult(Name, "failing", "The database does not answer; the server log says why.");
        }
    }

    private HealthCheckResult CheckDataDirectory()
    {
        const string Name = "data directory";
        if (!Directory.Exists(layout.ObjectsDirectory))
        {
            return new HealthCheckResult(Name, "failing", "The directory of object bytes is missing.");
        }

        // A file made and removed where uploads are received: what every large PUT needs to work.
        var probe = Path.Combine(layout.TemporaryDirectory, ".health-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return new HealthCheckResult(Name, "ok");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCheckFailed(logger, Name, ex);
            return new HealthCheckResult(Name, "failing", "Files cannot be written to the data directory.");
        }
    }

    private double Uptime() => Math.Round(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds, 3);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check '{Check}' failed")]
    private static partial void LogCheckFailed(ILogger logger, string check, Exception exception);
}
