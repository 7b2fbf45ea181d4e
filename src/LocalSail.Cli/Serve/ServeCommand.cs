using System.Collections;
using System.CommandLine;
using System.Net.Sockets;
using LocalSail.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Cli.Serve;

/// <summary><c>localsail serve</c>: runs the server until Ctrl-C.</summary>
public static class ServeCommand
{
    /// <summary>Exit code for options that cannot be used, as for a command line that does not parse.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Exit code when the server cannot start with usable options (the port is taken, for instance).</summary>
    public const int StartFailed = 1;

    /// <param name="environment">The variables to read <c>LOCALSAIL_*</c> from; the process's when null.</param>
    public static Command Create(IDictionary? environment = null)
    {
        var commandLine = new ServeCommandLine();
        var command = new Command("serve", $"""
            Start the LocalSail server: the Lightsail bucket and access-key API and the S3 endpoint, on one port.

            Each option can also be set by the environment variable named beside it; the command line wins.
            The accounts' credentials come from the environment only:
            {ServeCommandLine.EnvironmentOnlyHelp()}
            Without them the documented development credentials are used, and only while the server listens
            on loopback. LOCALSAIL_ACCOUNTS serves more accounts beside the first, for example
            LOCALSAIL_ACCOUNTS=222222222222:AKIA...:SECRET,333333333333:AKIA...:SECRET; each sees only its own
            buckets and keys, and reads another's bucket where that bucket lists it in readonlyAccessAccounts.
            """);
        foreach (var option in commandLine.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            LocalSailOptions options;
            try
            {
                options = commandLine.Bind(parse, environment);
                LocalSailOptionsValidator.ThrowIfInvalid(options);
            }
            catch (LocalSailConfigurationException ex)
            {
                await stderr.WriteLineAsync(Describe(ex));
                return ConfigurationError;
            }

            // Before the server makes its first socket or queues to the thread pool: the runtime reads these settings only then.
            options.ApplyToProcess();
            return await RunAsync(options, parse.InvocationConfiguration.Output, stderr, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(LocalSailOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        LocalSailServer server;
        try
        {
            server = await LocalSailServer.StartAsync(
                options,
                configureLogging: logging =>
                {
                    logging.AddSimpleConsole(console => console.SingleLine = true);
                    logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
                    logging.AddFilter("Microsoft", LogLevel.Warning);
                    // The host logs a failed start with its whole stack trace before the exception reaches us, and
                    // we say it in a sentence below. A background service that fails still logs (Critical) as it stops the host.
                    logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
                },
                cancellationToken: cancellationToken);
        }
        catch (LocalSailConfigurationException ex)
        {
            await stderr.WriteLineAsync(Describe(ex));
            return ConfigurationError;
        }
        catch (IOException ex) when (FindSocketError(ex) is { } socketError)
        {
            await stderr.WriteLineAsync($"localsail serve: cannot listen on {options.Host}:{options.Port}: {DescribeListenFailure(socketError, options)}");
            return StartFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var where = options.InMemory ? "its temporary directory" : options.ResolveDataDirectory();
            await stderr.WriteLineAsync($"localsail serve: cannot keep its files in {where}: {ex.Message}");
            return StartFailed;
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

    private static string Describe(LocalSailConfigurationException ex) =>
        string.Join(Environment.NewLine, ex.Message.Split(Environment.NewLine).Select(line => "localsail serve: " + line));

    private static SocketError? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    private static string DescribeListenFailure(SocketError error, LocalSailOptions options)
    {
        var port = LocalSailSetting.Of(nameof(LocalSailOptions.Port)).DisplayName;
        var host = LocalSailSetting.Of(nameof(LocalSailOptions.Host)).DisplayName;
        return error switch
        {
            SocketError.AddressAlreadyInUse => $"the port is in use (another LocalSail?). Stop it, or choose another port with {port}; 0 picks a free one.",
            SocketError.AccessDenied => $"permission denied (ports below 1024 need privileges). Choose another port with {port}.",
            SocketError.AddressNotAvailable => $"{options.Host} is not an address of this machine. Choose another with {host}.",
            _ => $"{error}.",
        };
    }
}
