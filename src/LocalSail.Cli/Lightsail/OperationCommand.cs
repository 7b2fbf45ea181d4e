using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using LocalSail.Cli.Lightsail.Input;
using LocalSail.Cli.Lightsail.Output;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail;

/// <summary>One <c>localsail lightsail OPERATION</c> command: an option per input member, named as the AWS CLI names it.</summary>
internal sealed class OperationCommand
{
    private readonly OperationModel _operation;
    private readonly GlobalOptions _globals;
    private readonly LightsailCommandServices _services;
    private readonly List<(ShapeMember Member, Option Option, Func<ParseResult, string[]?> Words)> _valueOptions = [];
    private readonly List<(ShapeMember Member, Option<bool> On, Option<bool> Off)> _flagOptions = [];
    private readonly Option<string?> _cliInputJson = new("--cli-input-json") { Description = "Reads arguments from the JSON string (or file://PATH) given." };
    private readonly Option<string?> _skeleton = new("--generate-cli-skeleton") { Description = "Prints a JSON skeleton of the input (or output) without calling the service.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _startingToken = new("--starting-token") { Description = "The token to start paging from." };

    public OperationCommand(OperationModel operation, GlobalOptions globals, LightsailCommandServices services)
    {
        _operation = operation;
        _globals = globals;
        _services = services;
        _skeleton.AcceptOnlyFromAmong("input", "output");
        Command = new Command(CliNames.ToCliName(operation.Name), $"Calls the Lightsail {operation.Name} operation.") { TreatUnmatchedTokensAsErrors = false };

        foreach (var member in operation.Input.Members)
        {
            // The AWS CLI replaces a paged operation's page token with --starting-token.
            if (operation.Paginator?.InputToken == member.Name)
            {
                continue;
            }

            var name = "--" + CliNames.ToCliName(member.Name);
            if (member.Shape.Type == ShapeType.Boolean)
            {
                var on = new Option<bool>(name) { Description = $"Sets {member.Name} to true." };
                var off = new Option<bool>("--no-" + name[2..]) { Description = $"Sets {member.Name} to false." };
                _flagOptions.Add((member, on, off));
                Command.Options.Add(on);
                Command.Options.Add(off);
                continue;
            }

            var description = $"{member.Name} ({Describe(member.Shape)}){(operation.Input.Required.Contains(member.Name) ? ", required" : string.Empty)}.";
            if (member.Shape.Type == ShapeType.List)
            {
                var list = new Option<string[]>(name) { Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
                _valueOptions.Add((member, list, result => result.GetValue(list)));
                Command.Options.Add(list);
                continue;
            }

            var option = new Option<string>(name) { Description = description };
            _valueOptions.Add((member, option, result => result.GetValue(option) is { } word ? [word] : null));
            Command.Options.Add(option);
        }

        Command.Options.Add(_cliInputJson);
        Command.Options.Add(_skeleton);
        if (operation.Paginator is not null)
        {
            Command.Options.Add(_startingToken);
        }

        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        try
        {
            if (result.UnmatchedTokens.Count > 0)
            {
                throw new CliUsageException($"Unknown options: {string.Join(", ", result.UnmatchedTokens)}");
            }

            var globals = _globals.Read(result, _services.ResolvedEnvironment);
            var skeletonRequested = result.GetResult(_skeleton) is not null;
            var skeletonKind = result.GetValue(_skeleton) ?? "input";
            if (skeletonRequested && skeletonKind == "input")
            {
                await stdout.WriteAsync(PythonJsonWriter.Serialize(SkeletonGenerator.Generate(_operation.Input, useMemberNames: false)) + "\n").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var input = BuildInput(result);
            var errors = ParameterValidator.Validate(_operation.Input, input);
            if (errors.Count > 0)
            {
                await stderr.WriteAsync("\nParameter validation failed:\n" + string.Join('\n', errors) + "\n").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (skeletonRequested)
            {
                var placeholder = globals.Output == "json" ? SkeletonGenerator.TimestampPlaceholder : SkeletonGenerator.TimestampPlaceholderText;
                var sample = (JsonObject)SkeletonGenerator.Generate(_operation.Output, useMemberNames: true, placeholder)!;
                await ResponsePrinter.PrintAsync(sample, globals.Output, _operation.Name, stdout).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var caller = new OperationCaller(_operation, _services, globals);
            return await caller.CallAndPrintAsync(input, result.GetValue(_startingToken), stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteAsync(Usage.Format(e.Message)).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
    }

    /// <summary>--cli-input-json first, then the options given, which win, as in the AWS CLI.</summary>
    private JsonObject BuildInput(ParseResult result)
    {
        var input = new JsonObject();
        var fromJson = result.GetValue(_cliInputJson);
        if (fromJson is not null)
        {
            var text = ParameterConverter.ReadParameterFile(fromJson);
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new CliUsageException($"Error parsing parameter '--cli-input-json': Invalid JSON received.\nJSON received: {text}", e);
            }

            if (parsed is not JsonObject obj)
            {
                throw new CliUsageException("Error parsing parameter '--cli-input-json': Invalid type for parameter, expected a JSON object.");
            }

            input = obj;
        }

        var missing = new List<string>();
        foreach (var (member, option, read) in _valueOptions)
        {
            var words = read(result);
            if (words is { Length: > 0 })
            {
                input[member.Name] = ParameterConverter.Convert(option.Name, member.Shape, words);
            }
            else if (fromJson is null && _operation.Input.Required.Contains(member.Name))
            {
                missing.Add(option.Name);
            }
        }

        foreach (var (member, on, off) in _flagOptions)
        {
            if (result.GetValue(on))
            {
                input[member.Name] = true;
            }
            else if (result.GetValue(off))
            {
                input[member.Name] = false;
            }
        }

        if (missing.Count > 0)
        {
            throw new CliUsageException($"the following arguments are required: {string.Join(", ", missing)}");
        }

        return (JsonObject)ParameterConverter.NormalizeTimestamps(_operation.Input, input)!;
    }

    private static string Describe(Shape shape) => shape.Type switch
    {
        ShapeType.List => $"list of {Describe(shape.Member!)}",
        ShapeType.String when shape.EnumValues.Count > 0 => "one of " + string.Join(" | ", shape.EnumValues),
        _ => shape.Type.ToString().ToLowerInvariant(),
    };
}

/// <summary>The AWS CLI's usage message for a command line it could not take.</summary>
internal static class Usage
{
    public static string Format(string error)
    {
        var builder = new StringBuilder();
        builder.Append("usage: localsail lightsail <operation> [parameters]\n");
        builder.Append("To see help text, you can run:\n\n");
        builder.Append("  localsail lightsail --help\n");
        builder.Append("  localsail lightsail <operation> --help\n");
        builder.Append("localsail: error: ").Append(error).Append('\n');
        return builder.ToString();
    }
}
