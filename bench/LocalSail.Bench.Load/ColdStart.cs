using System.Diagnostics;
using System.Globalization;

namespace LocalSail.Bench.Load;

/// <summary>
/// Starts a server command and times process start to the first successful signed request, then reads
/// its idle memory. The command's output goes to a log file, never to this process's pipes, so a server
/// left running does not hold a caller's pipe open.
/// </summary>
public static class ColdStart
{
    public sealed record Outcome(int Pid, double Milliseconds, double? IdleRssMib, string? Error);

    public static async Task<Outcome> RunAsync(IReadOnlyList<string> command, string log, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, TimeSpan idleWait, string? pidFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$0\" 2>&1 </dev/null");
        start.ArgumentList.Add(log);
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        if (pidFile is not null)
        {
            await File.WriteAllTextAsync(pidFile, process.Id.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        string? lastError = null;
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                return new Outcome(process.Id, 0, null, $"exited with code {process.ExitCode} before answering; see {log}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (await probe(attempt.Token).ConfigureAwait(false))
                {
                    var elapsed = clock.Elapsed.TotalMilliseconds;
                    await Task.Delay(idleWait).ConfigureAwait(false);
                    return new Outcome(process.Id, elapsed, ServerMemory.Read([process.Id])?.RssMib, null);
                }

                lastError = "answered, but not with success";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lastError = e.Message;
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        return new Outcome(process.Id, 0, null, $"no successful answer within {timeout.TotalSeconds:0} s ({lastError})");
    }
}
