using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using LocalSail.Server.Hosting;
using LocalSail.Signing;

namespace LocalSail.Testing;

/// <summary>
/// The real <c>localsail serve</c> as a child process on 127.0.0.1, port 0, for tests that must kill the
/// server (<c>kill -9</c>), restart it on the same data directory, or watch its descriptors and output.
/// It runs the CLI's built <c>localsail.dll</c> with the development credentials. Dispose kills it if it
/// still runs and removes the data directory unless it was given.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>Time the process may take to print that it listens.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly bool _ownsDataDirectory;

    private ServerProcess(Process process, ConcurrentQueue<string> output, Uri endpoint, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        _output = output;
        Endpoint = endpoint;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Endpoint { get; }

    /// <summary>The endpoint without its trailing slash, as the AWS CLI and SDKs take it.</summary>
    public string EndpointUrl => Endpoint.ToString().TrimEnd('/');

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static Credentials RootCredentials { get; } =
        new(AccountCredentials.DevelopmentAccessKeyId, AccountCredentials.DevelopmentSecretAccessKey);

    /// <summary>Every line the process wrote so far, standard output and error interleaved.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The CLI's built tool: beside the test assembly, else in the CLI project's output of the same configuration.</summary>
    public static string ToolPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "localsail.dll");
            if (File.Exists(beside))
            {
                return beside;
            }

            var configuration = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LocalSail.slnx")))
                {
                    var built = Path.Combine(directory.FullName, "src", "LocalSail.Cli", "bin", configuration, "net10.0", "localsail.dll");
                    return File.Exists(built)
                        ? built
                        : throw new FileNotFoundException($"The localsail tool is not built for {configuration}: build src/LocalSail.Cli first.", built);
                }
            }

            throw new FileNotFoundException("The localsail tool was found neither beside the tests nor in the source tree.");
        }
    }

    /// <summary>
    /// Starts <c>localsail serve --port 0 --data-dir DIR</c>; <paramref name="dataDirectory"/> reuses a
    /// directory (to test restarts). <paramref name="launcher"/> runs the tool through another command
    /// (its arguments come first, then <c>dotnet</c> and the tool's).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null,
        IEnumerable<string>? arguments = null,
        IReadOnlyList<string>? launcher = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "localsail-process-" + Guid.NewGuid().ToString("N"));
        string[] command = [.. launcher ?? [], "dotnet", ToolPath, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory, .. arguments ?? []];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the command line says: nothing from the developer's own LocalSail setup.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LOCALSAIL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Receive(line.Data);
        process.ErrorDataReceived += (_, line) => Receive(line.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("localsail serve exited before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var endpoint = await listening.Task.WaitAsync(StartTimeout);
            return new ServerProcess(process, output, endpoint, dataDirectory, owns);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            KillAndWait(process);
            process.Dispose();
            throw new InvalidOperationException($"localsail serve did not start: {ex.Message}\n{string.Join('\n', output)}", ex);
        }

        void Receive(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value + "/"));
            }
        }
    }

    /// <summary>Starts another server process on this one's data directory (after it was killed or stopped).</summary>
    public Task<ServerProcess> RestartAsync(IEnumerable<string>? arguments = null, IReadOnlyList<string>? launcher = null) =>
        HasExited
            ? StartAsync(DataDirectory, arguments, launcher)
            : throw new InvalidOperationException("The server still runs; kill or stop it first.");

    /// <summary><c>kill -9</c>: the process ends at once, with whatever it had not finished.</summary>
    public void Kill() => KillAndWait(_process);

    /// <summary>Ctrl-C: the server stops cleanly; false when it did not exit in time (it is then killed).</summary>
    public async Task<bool> StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return true;
        }

        _ = NativeMethods.kill(_process.Id, NativeMethods.SigInt);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
            return true;
        }
        catch (TimeoutException)
        {
            Kill();
            return false;
        }
    }

    /// <summary>The number of file descriptors the process holds open (sockets, files, the database).</summary>
    public int OpenDescriptorCount() => Directory.GetFileSystemEntries($"/proc/{_process.Id}/fd").Length;

    /// <summary>The descriptors that point at files under <paramref name="directory"/> (as seen from this process).</summary>
    public IReadOnlyList<string> OpenFilesUnder(string directory)
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.GetFileSystemEntries($"/proc/{_process.Id}/fd"))
        {
            try
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith(directory, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return open;
    }

    public async ValueTask DisposeAsync()
    {
        KillAndWait(_process);
        _process.Dispose();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            await Task.Run(() => Directory.Delete(DataDirectory, recursive: true));
        }
    }

    private static void KillAndWait(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
    }

    [GeneratedRegex(@"LocalSail is listening on (?<url>http://\S+)")]
    private static partial Regex ListeningLine();

    private static class NativeMethods
    {
        public const int SigInt = 2;

        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int signal);
    }
}
