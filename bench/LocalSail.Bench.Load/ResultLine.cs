using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Bench.Load;

/// <summary>One result: a JSON line on standard output for the report, and a human line on standard error.</summary>
public sealed class ResultLine
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Server { get; set; } = "";

    public string Scenario { get; set; } = "";

    public int Rep { get; set; }

    public string Status { get; set; } = "ok";

    public int? Concurrency { get; set; }

    public long? Count { get; set; }

    public long? Errors { get; set; }

    public double? Seconds { get; set; }

    public double? RequestsPerSecond { get; set; }

    public double? MibPerSecond { get; set; }

    public double? P50Ms { get; set; }

    public double? P99Ms { get; set; }

    public double? MaxMs { get; set; }

    public double? ColdStartMs { get; set; }

    public double? RssIdleMib { get; set; }

    public double? RssBeforeMib { get; set; }

    public double? RssAfterMib { get; set; }

    public double? PeakMib { get; set; }

    public double? PeakIncreaseMib { get; set; }

    public int? Pid { get; set; }

    /// <summary>The load generator's cores busy over the measured window; near 1, the figure is its limit.</summary>
    public double? ClientCpu { get; set; }

    /// <summary>The server's cores busy over the measured window.</summary>
    public double? ServerCpu { get; set; }

    /// <summary>The server's CPU time per request over the measured window, in µs.</summary>
    public double? ServerCpuUsPerRequest { get; set; }

    public string? Note { get; set; }

    public string? FirstError { get; set; }

    public void Fill(Measurement measured, ServerMemory.Sample? before, ServerMemory.Sample? after)
    {
        Count = measured.Count;
        Errors = measured.Errors;
        Seconds = measured.Seconds;
        RequestsPerSecond = Math.Round(measured.RequestsPerSecond, 1);
        MibPerSecond = Math.Round(measured.MibPerSecond, 2);
        P50Ms = Math.Round(measured.P50Ms, 3);
        P99Ms = Math.Round(measured.P99Ms, 3);
        MaxMs = Math.Round(measured.MaxMs, 3);
        FirstError = measured.FirstError;
        ClientCpu = measured.ClientCpu is { } client ? Math.Round(client, 2) : null;
        ServerCpu = measured.ServerCpu is { } server ? Math.Round(server, 2) : null;
        ServerCpuUsPerRequest = measured.ServerCpu is { } busy && measured.Count > 0 ? Math.Round(busy * measured.Seconds / measured.Count * 1e6, 1) : null;
        if (measured.Count == 0)
        {
            Status = "failed: no request succeeded" + (measured.FirstError is null ? "" : " (" + measured.FirstError.ReplaceLineEndings(" ") + ")");
        }

        FillMemory(before, after);
    }

    public void FillMemory(ServerMemory.Sample? before, ServerMemory.Sample? after)
    {
        if (before is { } b && after is { } a)
        {
            RssBeforeMib = Math.Round(b.RssMib, 1);
            RssAfterMib = Math.Round(a.RssMib, 1);
            PeakMib = Math.Round(a.PeakMib, 1);
            PeakIncreaseMib = Math.Round(a.PeakMib - b.RssMib, 1);
        }
    }

    public void Emit()
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(this, Json));
        Console.Out.Flush();
        Console.Error.WriteLine(Human());
    }

    private string Human()
    {
        var head = $"{Server,-10} {Scenario,-20} rep {Rep}";
        if (Status != "ok")
        {
            return $"{head}  {Status}";
        }

        if (ColdStartMs is { } ms)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{head}  cold start {ms:F0} ms, idle RSS {RssIdleMib:F1} MiB");
        }

        if (RequestsPerSecond is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{head}  {Seconds:F1} s, {MibPerSecond:F1} MiB/s, RSS {RssAfterMib} MiB (peak +{PeakIncreaseMib} MiB)  {Note}");
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{head}  {RequestsPerSecond,10:F1} req/s {MibPerSecond,9:F1} MiB/s  p50 {P50Ms:F2} ms  p99 {P99Ms:F2} ms  max {MaxMs:F1} ms  errors {Errors}  RSS {RssAfterMib} MiB (peak +{PeakIncreaseMib} MiB)  CPU: load {ClientCpu:0.00}, server {ServerCpu:0.00} ({ServerCpuUsPerRequest:F0} µs/request)");
    }
}
