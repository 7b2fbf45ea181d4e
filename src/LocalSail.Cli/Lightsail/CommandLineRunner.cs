using System.CommandLine;

namespace LocalSail.Cli.Lightsail;

/// <summary>
/// Runs a command tree, writing to the given streams so tests can run it in-process. A command line that
/// does not parse gets the AWS CLI's usage message and exit code (252) under the AWS-style commands, and
/// <see cref="UsageErrors"/>' plain words (exit code 2) under LocalSail's own.
/// </summary>
public static class CommandLineRunner
{
    public static async Task<int> RunAsync(RootCommand root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var result = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (result.Errors.Count > 0 && !UsageErrors.IsAwsStyle(result))
        {
            await stderr.WriteAsync(UsageErrors.Format(result)).ConfigureAwait(false);
            return UsageErrors.ExitCode;
        }

        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await stderr.WriteAsync(Usage.Format(error.Message)).ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }

        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
