using System.CommandLine;
using System.Diagnostics;
using LocalSail.Cli.Keys;
using LocalSail.Cli.Lightsail;
using LocalSail.Cli.Reset;
using LocalSail.Client.Configuration;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests;

/// <summary>Runs localsail in-process and aws as a child process, against the same server.</summary>
internal static class CliRun
{
    public static Task<(int Exit, string Stdout, string Stderr)> LocalSailAsync(RunningServer? server, params string[] args) =>
        LocalSailAsync(server, server?.RootCredentials, args);

    /// <summary>Runs localsail signing with <paramref name="credentials"/>.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> LocalSailAsync(RunningServer? server, Credentials? credentials, params string[] args) =>
        LocalSailAsync(server, credentials, input: null, args);

    /// <summary>Runs localsail signing with <paramref name="credentials"/>, answering its questions from <paramref name="input"/>.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> LocalSailAsync(RunningServer? server, Credentials? credentials, TextReader? input, params string[] args)
    {
        var variables = new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" };
        if (credentials is not null)
        {
            variables["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
            variables["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        }

        var services = new LightsailCommandServices { Environment = AwsEnvironment.FromVariables(variables), Delay = (_, _) => Task.CompletedTask, Input = input };
        var root = new RootCommand { LightsailCommand.Create(services), KeysCommand.Create(services), ResetCommand.Create(services) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var allArgs = server is null ? args : [.. args, "--endpoint-url", server.EndpointUrl];
        var exit = await CommandLineRunner.RunAsync(root, allArgs, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static Task<(int Exit, string Stdout, string Stderr)> AwsAsync(RunningServer server, params string[] args) =>
        AwsAsync(server, server.RootCredentials, args);

    /// <summary>Runs the AWS CLI signing with <paramref name="credentials"/>.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> AwsAsync(RunningServer server, Credentials credentials, params string[] args) =>
        AwsAsync(server, credentials, new Dictionary<string, string>(), args);

    /// <summary>Runs the AWS CLI signing with <paramref name="credentials"/>, with more environment variables.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> AwsAsync(RunningServer server, Credentials credentials, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["lightsail", .. args, "--endpoint-url", server.EndpointUrl, "--region", "us-east-1"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
