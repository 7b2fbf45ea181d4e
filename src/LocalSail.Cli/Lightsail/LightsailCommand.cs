using System.CommandLine;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail;

/// <summary><c>localsail lightsail OPERATION [options]</c>: the AWS CLI's <c>aws lightsail</c> for the operations LocalSail serves.</summary>
public static class LightsailCommand
{
    public static Command Create(LightsailCommandServices? services = null) => Create(services, LightsailOperations.All);

    /// <summary>The command for <paramref name="operations"/> (the generated table's, or a model's read by the generator).</summary>
    internal static Command Create(LightsailCommandServices? services, IEnumerable<OperationModel> operations)
    {
        services ??= new LightsailCommandServices();
        var globals = new GlobalOptions();
        var command = new Command("lightsail", "Calls Amazon Lightsail's bucket, access-key, operation and tag API, as `aws lightsail` does.");
        foreach (var option in globals.All)
        {
            command.Options.Add(option);
        }

        foreach (var operation in operations)
        {
            command.Subcommands.Add(new OperationCommand(operation, globals, services).Command);
        }

        return command;
    }
}
