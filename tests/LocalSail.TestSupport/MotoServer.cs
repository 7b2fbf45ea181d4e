using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalSail.Testing;

/// <summary>
/// moto's S3-compatible server (<c>python3 -m moto.server</c>) on 127.0.0.1, a real store to keep object bytes in for
/// the tests of the S3 blob backend; one per test process, stopped at its exit. It accepts any credentials.
/// </summary>
public sealed class MotoServer
{
    private static readonly Lazy<Task<MotoServer>> Shared = new(StartAsync);

    private MotoServer(string endpointUrl) => EndpointUrl = endpointUrl;

    /// <summary>http://127.0.0.1:PORT</summary>
    public string EndpointUrl { get; }

    public static Task<MotoServer> GetAsync() => Shared.Value;

    private static async Task<MotoServer> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start.");
        // Stopped once the test process is gone, even when it ends without its exit handlers.
        TestProcessWatchdog.RunWhenGone(["kill", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };

        var endpoint = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(endpoint + "/moto-api/");
                return new MotoServer(endpoint);
            }
            catch (HttpRequestException) when (!process.HasExited && started.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }
}
