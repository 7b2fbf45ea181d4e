using System.Diagnostics;

namespace LocalSail.Testing;

/// <summary>
/// Runs a clean-up command once the test process is gone, however it ends. A test host is often ended without
/// running its exit handlers, which would leave servers the tests started (a PostgreSQL cluster, moto's
/// server) running after the suite; a small shell outside the test process waits for it and cleans up then.
/// </summary>
internal static class TestProcessWatchdog
{
    /// <summary>Runs <paramref name="command"/> (its arguments quoted for <c>sh</c>) once this process has exited.</summary>
    public static void RunWhenGone(IEnumerable<string> command)
    {
        var quoted = string.Join(' ', command.Select(Quote));
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {quoted} >/dev/null 2>&1";
        var start = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("sh did not start.");
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
