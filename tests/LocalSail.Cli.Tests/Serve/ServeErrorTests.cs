using System.Collections;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using LocalSail.Cli.Keys;
using LocalSail.Cli.Lightsail;
using LocalSail.Cli.Serve;
using LocalSail.Server.Hosting;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Serve;

/// <summary>Every way to start <c>serve</c> wrongly ends in a sentence that names the option or variable, never a stack trace.</summary>
public sealed class ServeErrorTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "localsail.dll");

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var root = new RootCommand { ServeCommand.Create(new Hashtable(environment)), LightsailCommand.Create(), KeysCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLineRunner.RunAsync(root, args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_misspelled_option_is_named_with_the_nearest_one_and_serves_usage()
    {
        var (exit, _, stderr) = await RunAsync([], "serve", "--prot", "5000");

        Assert.Equal(2, exit);
        Assert.StartsWith("localsail serve: unknown option '--prot'. Did you mean '--port'?", stderr);
        Assert.Contains("Usage: localsail serve [options]", stderr);
        Assert.Contains("localsail serve --help", stderr);
        Assert.DoesNotContain("lightsail", stderr);
    }

    [Fact]
    public async Task A_misspelled_command_is_named_with_the_nearest_one()
    {
        var (exit, _, stderr) = await RunAsync([], "serv", "--port", "0");

        Assert.Equal(2, exit);
        Assert.StartsWith("localsail: unknown command 'serv'. Did you mean 'serve'?", stderr);
    }

    [Fact]
    public async Task Lightsail_commands_keep_the_aws_clis_usage_message()
    {
        var (exit, _, stderr) = await RunAsync([], "lightsail", "get-buckets", "--bucket-nam", "x");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.StartsWith("usage: localsail lightsail <operation> [parameters]", stderr);
    }

    [Fact]
    public async Task A_port_out_of_range_is_a_sentence()
    {
        var (exit, stdout, stderr) = await RunAsync([], "serve", "--port", "99999", "--in-memory");

        Assert.Equal(2, exit);
        Assert.Equal("localsail serve: --port (LOCALSAIL_PORT) must be a port number from 0 to 65535 (0 picks a free one), not 99999.\n", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_malformed_environment_variable_is_not_ignored()
    {
        var (exit, stdout, stderr) = await RunAsync(new() { ["LOCALSAIL_PORT"] = "abc" }, "serve", "--in-memory");

        Assert.Equal(2, exit);
        Assert.Equal("localsail serve: --port (LOCALSAIL_PORT) must be a whole number, not 'abc'.\n", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Help_names_the_variable_of_every_setting_and_its_default()
    {
        var (exit, stdout, _) = await RunAsync([], "serve", "--help");

        Assert.Equal(0, exit);
        foreach (var setting in LocalSailSetting.All.Where(s => s.IsScalar))
        {
            Assert.Contains(setting.EnvironmentVariable, stdout);
            if (!setting.EnvironmentOnly)
            {
                Assert.Contains(setting.OptionName, stdout);
            }
        }

        Assert.Contains("[default: 4570; env: LOCALSAIL_PORT]", stdout);
    }

    /// <summary>Out of process, as users run it: the runtime's own messages are English, not resource keys.</summary>
    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_said_so_in_plain_words()
    {
        var result = await ExternalProcess.RunAsync("dotnet", [Tool, "serve", "--port", "0", "--data-dir", "/proc/localsail-nope"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("localsail serve: --data-dir (LOCALSAIL_DATA_DIR) /proc/localsail-nope cannot be created: the file system there does not allow it.\n", result.StandardError);
    }

    [Fact]
    public async Task A_port_in_use_is_one_sentence_without_a_stack_trace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ExternalProcess.RunAsync("dotnet", [Tool, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--in-memory"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"localsail serve: cannot listen on 127.0.0.1:{port}: the port is in use (another LocalSail?). Stop it, or choose another port with --port (LOCALSAIL_PORT); 0 picks a free one.\n", result.StandardError);
        Assert.Empty(result.StandardOutput);
    }
}
