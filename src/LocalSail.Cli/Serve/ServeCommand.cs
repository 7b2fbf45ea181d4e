using System.CommandLine;
using System.Globalization;
using LocalSail.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Cli.Serve;

/// <summary><c>localsail serve</c>: runs the server until Ctrl-C.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "The address to listen on. Anything but loopback needs explicit credentials.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LOCALSAIL_HOST") ?? "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("LOCALSAIL_PORT"), CultureInfo.InvariantCulture, out var p) ? p : 4570 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where metadata and objects are kept (default $XDG_DATA_HOME/localsail or ~/.local/share/localsail).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LOCALSAIL_DATA_DIR") };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep nothing: a throwaway store that is deleted at exit." };
        var region = new Option<string>("--region") { Description = "The region used in the printed examples.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LOCALSAIL_REGION") ?? "us-east-1" };
        var s3Host = new Option<string>("--s3-host") { Description = "Base host for virtual-hosted-style S3 addresses (<bucket>.<s3-host>).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LOCALSAIL_S3_HOST") ?? "s3.localhost.localsail.dev" };
        var scheduling = new Option<RequestScheduling>("--scheduling")
        {
            Description = "Which thread runs a request: Inline (on the socket's thread, fewest thread switches), ThreadPool (in parallel on every CPU), or Auto (Inline when the process has one CPU).",
            DefaultValueFactory = _ => Enum.TryParse<RequestScheduling>(Environment.GetEnvironmentVariable("LOCALSAIL_SCHEDULING"), ignoreCase: true, out var s) ? s : RequestScheduling.Auto,
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log every request." };

        var command = new Command("serve", """
            Start the LocalSail server: the Lightsail bucket and access-key API and the S3 endpoint, on one port.

            The account's credentials come from LOCALSAIL_ACCESS_KEY_ID, LOCALSAIL_SECRET_ACCESS_KEY and
            LOCALSAIL_ACCOUNT_ID. Without them the documented development credentials are used, and only
            while the server listens on loopback.
            """)
        {
            host, port, dataDir, inMemory, region, s3Host, scheduling, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LocalSailOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                DataDirectory = parse.GetValue(dataDir),
                InMemory = parse.GetValue(inMemory),
                Region = parse.GetValue(region)!,
                S3Host = parse.GetValue(s3Host)!,
                Scheduling = parse.GetValue(scheduling),
                AccessKeyId = Environment.GetEnvironmentVariable("LOCALSAIL_ACCESS_KEY_ID"),
                SecretAccessKey = Environment.GetEnvironmentVariable("LOCALSAIL_SECRET_ACCESS_KEY"),
                AccountId = Environment.GetEnvironmentVariable("LOCALSAIL_ACCOUNT_ID"),
            };
            // Before the server makes its first socket or queues to the thread pool: the runtime reads these settings only then.
            options.Scheduling.ApplyToProcess();
            return await RunAsync(options, parse.GetValue(verbose), Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(LocalSailOptions options, bool verbose, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        LocalSailServer server;
        try
        {
            server = await LocalSailServer.StartAsync(
                options,
                configureLogging: logging =>
                {
                    logging.AddSimpleConsole(console => console.SingleLine = true);
                    logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
                    logging.AddFilter("Microsoft", LogLevel.Warning);
                },
                cancellationToken: cancellationToken);
        }
        catch (LocalSailConfigurationException ex)
        {
            await stderr.WriteLineAsync($"localsail: {ex.Message}");
            return 2;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"localsail: cannot listen on {options.Host}:{options.Port}: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            await stdout.WriteLineAsync(StartupBanner.Describe(server, options));
            await stdout.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await server.StopAsync(CancellationToken.None);
        }

        return 0;
    }
}
