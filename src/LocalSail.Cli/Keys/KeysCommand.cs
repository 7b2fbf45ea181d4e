using System.CommandLine;
using LocalSail.Cli.Lightsail;

namespace LocalSail.Cli.Keys;

/// <summary><c>localsail keys ...</c>: bucket access-key chores done safely.</summary>
public static class KeysCommand
{
    public static Command Create(LightsailCommandServices? services = null)
    {
        services ??= new LightsailCommandServices();
        var command = new Command("keys", "Manages bucket access keys.");
        command.Subcommands.Add(new RotateCommand(services).Command);
        return command;
    }
}
