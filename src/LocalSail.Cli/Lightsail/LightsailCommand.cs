using System.CommandLine;
using LocalSail.Cli.Lightsail.Model;

namespace LocalSail.Cli.Lightsail;

/// <summary><c>localsail lightsail OPERATION [options]</c>: the AWS CLI's <c>aws lightsail</c> for the operations LocalSail serves.</summary>
public static class LightsailCommand
{
    public static Command Create(LightsailCommandServices? services = null)
    {
        services ??= new LightsailCommandServices();
        var globals = new GlobalOptions();
        var command = new Command("lightsail", "Calls Amazon Lightsail's bucket, access-key, operation and tag API, as `aws lightsail` does.");
        foreach (var option in globals.All)
        {
            command.Options.Add(option);
        }

        foreach (var operation in LightsailOperations.All)
        {
            command.Subcommands.Add(new OperationCommand(operation, globals, services).Command);
        }

        return command;
    }
}
