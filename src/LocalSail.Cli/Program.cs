using System.CommandLine;
using LocalSail.Cli.Serve;

var root = new RootCommand("LocalSail: Amazon Lightsail object storage on your own machine.")
{
    ServeCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
