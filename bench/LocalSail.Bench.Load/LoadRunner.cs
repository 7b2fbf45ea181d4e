using System.Diagnostics;

namespace LocalSail.Bench.Load;

/// <summary>What one worker does once per loop: one operation, answering how many bytes moved and whether it succeeded.</summary>
public delegate ValueTask<OperationOutcome> Operation(WorkerContext worker, CancellationToken cancellation);

public readonly record struct OperationOutcome(bool Succeeded, long Bytes, string? Error = null);

/// <summary>Per-worker state: its index and a reusable buffer to drain answers into.</summary>
public sealed class WorkerContext(int index)
{
    public int Index { get; } = index;

    public byte[] Buffer { get; } = new byte[64 * 1024];
}

/// <summary>
/// Closed-loop load: each worker sends its next request as soon as the previous answer is read. Requests
/// that complete during warm-up are not counted; only those completing inside the measured window are.
/// </summary>
public static class LoadRunner
{
    /// <summary>
    /// Runs the load; <paramref name="serverCpuSeconds"/> reads the server's CPU time so far, taken at the start and
    /// the end of the measured window together with the load generator's own.
    /// </summary>
    public static async Task<Measurement> RunAsync(
        Operation operation, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellation, Func<double?>? serverCpuSeconds = null)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var cpu = MeasureCpuAsync(measureFrom, measureUntil, serverCpuSeconds, cancellation);
        var workers = new WorkerResult[concurrency];
        var tasks = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () => workers[index] = await RunWorkerAsync(operation, new WorkerContext(index), measureFrom, measureUntil, cancellation).ConfigureAwait(false), cancellation);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var (client, server) = await cpu.ConfigureAwait(false);
        return Measurement.From(workers, duration) with { ClientCpu = client, ServerCpu = server };
    }

    /// <summary>Cores busy, on average, over the measured window: the load generator's and the server's.</summary>
    private static async Task<(double? Client, double? Server)> MeasureCpuAsync(long from, long until, Func<double?>? serverCpuSeconds, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), from), cancellation).ConfigureAwait(false);
            using var self = Process.GetCurrentProcess();
            var client0 = self.TotalProcessorTime.TotalSeconds;
            var server0 = serverCpuSeconds?.Invoke();
            var began = Stopwatch.GetTimestamp();
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until), cancellation).ConfigureAwait(false);
            self.Refresh();
            var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            var server1 = serverCpuSeconds?.Invoke();
            return ((self.TotalProcessorTime.TotalSeconds - client0) / seconds, server0 is { } s0 && server1 is { } s1 ? (s1 - s0) / seconds : null);
        }
        catch (OperationCanceledException)
        {
            return (null, null);
        }
    }

    private static async Task<WorkerResult> RunWorkerAsync(Operation operation, WorkerContext worker, long measureFrom, long measureUntil, CancellationToken cancellation)
    {
        var result = new WorkerResult();
        while (true)
        {
            var began = Stopwatch.GetTimestamp();
            if (began >= measureUntil || cancellation.IsCancellationRequested)
            {
                return result;
            }

            OperationOutcome outcome;
            try
            {
                outcome = await operation(worker, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
            {
                outcome = new OperationOutcome(false, 0, e.GetType().Name + ": " + e.Message);
            }

            var ended = Stopwatch.GetTimestamp();
            if (ended < measureFrom || ended > measureUntil)
            {
                continue;
            }

            if (outcome.Succeeded)
            {
                result.Latencies.Add(ended - began);
                result.Bytes += outcome.Bytes;
            }
            else
            {
                result.Errors++;
                result.FirstError ??= outcome.Error;
            }
        }
    }
}

public sealed class WorkerResult
{
    public List<long> Latencies { get; } = new(4096);

    public long Bytes { get; set; }

    public long Errors { get; set; }

    public string? FirstError { get; set; }
}

/// <summary>The figures of one measured window.</summary>
public sealed record Measurement(long Count, long Errors, double Seconds, double RequestsPerSecond, double MibPerSecond, double P50Ms, double P99Ms, double MaxMs, string? FirstError)
{
    /// <summary>The load generator's cores busy over the window (1 = its whole core: it was the limit).</summary>
    public double? ClientCpu { get; init; }

    /// <summary>The server's cores busy over the window.</summary>
    public double? ServerCpu { get; init; }

    public static Measurement From(IReadOnlyList<WorkerResult> workers, TimeSpan duration)
    {
        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        var seconds = duration.TotalSeconds;
        var bytes = workers.Sum(w => w.Bytes);
        return new Measurement(
            latencies.Length,
            workers.Sum(w => w.Errors),
            seconds,
            latencies.Length / seconds,
            bytes / 1048576.0 / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : ToMs(latencies[^1]),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
