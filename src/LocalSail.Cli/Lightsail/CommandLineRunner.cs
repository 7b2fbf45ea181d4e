using System.CommandLine;

namespace LocalSail.Cli.Lightsail;

/// <summary>
/// Runs a command tree with the AWS CLI's exit code for a command line that does not parse (252)
/// instead of System.CommandLine's 1, writing to the given streams so tests can run it in-process.
/// </summary>
public static class CommandLineRunner
{
    public static async Task<int> RunAsync(RootCommand root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var result = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
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
