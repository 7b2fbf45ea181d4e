using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Launcher;

/// <summary>
/// <c>./localsail</c> at the repository's root: it says it is building before the silent minute of a first
/// build, builds again only when a source changed, and runs the tool with the arguments it was given.
/// It runs here in a copy of the tree's shape with a <c>dotnet</c> that records what it is asked to do.
/// </summary>
public sealed class LauncherScriptTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _tree = Path.Combine(Path.GetTempPath(), "localsail-launcher-" + Guid.NewGuid().ToString("N"));

    public LauncherScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_tree, "src", "LocalSail.Cli"));
        Directory.CreateDirectory(Path.Combine(_tree, "bin"));
        File.Copy(Path.Combine(Repository.Root, "localsail"), Path.Combine(_tree, "localsail"));
        File.WriteAllText(Path.Combine(_tree, "src", "LocalSail.Cli", "LocalSail.Cli.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_tree, "src", "LocalSail.Cli", "Program.cs"), "// the tool");
        File.WriteAllText(Path.Combine(_tree, "Directory.Build.props"), "<Project />");
        foreach (var file in Directory.EnumerateFiles(_tree, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, LongAgo);
        }

        // A dotnet that logs its arguments; its build makes the tool's file, or fails when asked to.
        File.WriteAllText(Path.Combine(_tree, "bin", "dotnet"), """
            #!/usr/bin/env bash
            echo "dotnet $*" >> "$LAUNCHER_LOG"
            if [ "$1" = build ]; then
              echo "compiling..."
              [ "${FAIL_BUILD:-}" = 1 ] && exit 1
              mkdir -p "$(dirname "$2")/bin/Release/net10.0" && touch "$(dirname "$2")/bin/Release/net10.0/localsail.dll"
            fi
            exit 0
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        using var chmod = System.Diagnostics.Process.Start("chmod", ["+x", Path.Combine(_tree, "bin", "dotnet")]);
        chmod.WaitForExit();
    }

    public void Dispose() => Directory.Delete(_tree, recursive: true);

    private async Task<(ProcessResult Result, string[] DotnetCalls)> RunAsync(bool failBuild = false)
    {
        var log = Path.Combine(_tree, "dotnet.log");
        File.Delete(log);
        var result = await ExternalProcess.RunAsync("bash", [Path.Combine(_tree, "localsail"), "serve", "--port", "0"], new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(_tree, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["LAUNCHER_LOG"] = log,
            ["FAIL_BUILD"] = failBuild ? "1" : "0",
        });
        return (result, File.Exists(log) ? File.ReadAllLines(log) : []);
    }

    private string Tool => Path.Combine(_tree, "src", "LocalSail.Cli", "bin", "Release", "net10.0", "localsail.dll");

    [Fact]
    public async Task The_first_start_says_it_is_building_then_runs_the_tool_with_its_arguments()
    {
        var (result, calls) = await RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("building LocalSail (the first build takes about a minute)...\n", result.StandardError);
        Assert.Contains("compiling...", result.StandardError);
        Assert.Empty(result.StandardOutput);
        Assert.Equal(2, calls.Length);
        Assert.StartsWith($"dotnet build {Path.Combine(_tree, "src", "LocalSail.Cli", "LocalSail.Cli.csproj")} -c Release", calls[0]);
        Assert.Equal($"dotnet {Tool} serve --port 0", calls[1]);
    }

    [Fact]
    public async Task A_later_start_runs_at_once_until_a_source_changes()
    {
        await RunAsync();

        var (again, againCalls) = await RunAsync();
        Assert.Equal(string.Empty, again.StandardError);
        Assert.Equal([$"dotnet {Tool} serve --port 0"], againCalls);

        File.SetLastWriteTimeUtc(Path.Combine(_tree, "src", "LocalSail.Cli", "Program.cs"), DateTime.UtcNow.AddMinutes(1));
        var (changed, changedCalls) = await RunAsync();
        Assert.StartsWith("rebuilding LocalSail (its sources changed)...\n", changed.StandardError);
        Assert.Equal(2, changedCalls.Length);
    }

    [Fact]
    public async Task A_change_to_the_shared_build_settings_rebuilds()
    {
        await RunAsync();
        File.SetLastWriteTimeUtc(Path.Combine(_tree, "Directory.Build.props"), DateTime.UtcNow.AddMinutes(1));

        var (changed, _) = await RunAsync();

        Assert.StartsWith("rebuilding LocalSail", changed.StandardError);
    }

    [Fact]
    public async Task A_failed_build_does_not_run_a_stale_tool_and_is_tried_again_next_time()
    {
        await RunAsync();
        File.SetLastWriteTimeUtc(Path.Combine(_tree, "src", "LocalSail.Cli", "Program.cs"), DateTime.UtcNow.AddMinutes(1));

        var (failed, failedCalls) = await RunAsync(failBuild: true);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("the build failed", failed.StandardError);
        Assert.Single(failedCalls);

        var (retried, _) = await RunAsync();
        Assert.StartsWith("rebuilding LocalSail", retried.StandardError);
    }
}
