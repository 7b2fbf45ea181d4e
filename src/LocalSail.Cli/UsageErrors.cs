using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;

namespace LocalSail.Cli;

/// <summary>
/// What <c>localsail</c> says about a command line it cannot take, for the commands of its own (<c>serve</c>
/// and the root): the unknown option or command, the nearest known name, and where the help is. The
/// AWS-style commands (<c>lightsail</c>, <c>keys</c>) answer as the AWS CLI does instead.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The exit code of a command line that does not parse, as for options that cannot be used.</summary>
    public const int ExitCode = 2;

    private static readonly HashSet<string> AwsStyleCommands = new(StringComparer.Ordinal) { "lightsail", "keys" };

    /// <summary>Whether the command that failed to parse belongs to the AWS-style commands.</summary>
    public static bool IsAwsStyle(ParseResult result) =>
        CommandPath(result.CommandResult).Skip(1).FirstOrDefault() is { } top && AwsStyleCommands.Contains(top.Name);

    public static string Format(ParseResult result)
    {
        var command = result.CommandResult.Command;
        var name = string.Join(' ', CommandPath(result.CommandResult).Select((c, i) => i == 0 ? "localsail" : c.Name));
        var text = new StringBuilder();
        if (result.UnmatchedTokens.FirstOrDefault() is { } unknown)
        {
            var isOption = unknown.StartsWith('-');
            var candidates = isOption
                ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            text.Append(name).Append(": unknown ").Append(isOption ? "option" : command.Subcommands.Count > 0 ? "command" : "argument").Append($" '{unknown}'.");
            if (Nearest(unknown, candidates) is { } suggestion)
            {
                text.Append($" Did you mean '{suggestion}'?");
            }

            text.Append('\n');
        }
        else
        {
            foreach (var error in result.Errors)
            {
                text.Append(name).Append(": ").Append(error.Message).Append('\n');
            }
        }

        text.Append('\n');
        text.Append("Usage: ").Append(name).Append(command.Subcommands.Count > 0 ? " <command>" : string.Empty).Append(" [options]\n");
        text.Append("Run '").Append(name).Append(" --help' to see ").Append(command.Subcommands.Count > 0 ? "the commands and options" : "the options").Append(".\n");
        return text.ToString();
    }

    private static List<Command> CommandPath(CommandResult result)
    {
        var path = new List<Command>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                path.Insert(0, command.Command);
            }
        }

        return path;
    }

    /// <summary>The candidate closest to <paramref name="typed"/>, if it is close enough to be a typo.</summary>
    private static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(candidate => (Candidate: candidate, Distance: EditDistance(typed, candidate)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? best.Candidate : null;
    }

    // Optimal string alignment distance, so a swap of two letters (--prot for --port) counts as one edit.
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
