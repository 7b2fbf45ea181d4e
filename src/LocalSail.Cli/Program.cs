using System.CommandLine;
using LocalSail.Cli.Keys;
using LocalSail.Cli.Lightsail;

// Wires the lightsail and keys commands; the server's commands are added next to them.
var root = new RootCommand("LocalSail: Amazon Lightsail object storage on your own machine.")
{
    LightsailCommand.Create(),
    KeysCommand.Create(),
};
return await CommandLineRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
