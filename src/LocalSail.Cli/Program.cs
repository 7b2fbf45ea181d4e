using System.CommandLine;
using LocalSail.Cli.Keys;
using LocalSail.Cli.Lightsail;
using LocalSail.Cli.Reset;
using LocalSail.Cli.Serve;

var root = new RootCommand("LocalSail: Amazon Lightsail object storage on your own machine.")
{
    ServeCommand.Create(),
    LightsailCommand.Create(),
    KeysCommand.Create(),
    ResetCommand.Create(),
};

// Parse errors exit with 252, as the AWS CLI's do.
return await CommandLineRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
