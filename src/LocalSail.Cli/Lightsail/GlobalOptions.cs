using System.CommandLine;
using LocalSail.Client.Configuration;

namespace LocalSail.Cli.Lightsail;

/// <summary>The AWS CLI's global options that apply to these commands.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Override the service's URL (LocalSail's, for instance).", Recursive = true };

    public Option<string?> Region { get; } = new("--region") { Description = "The region to use.", Recursive = true };

    public Option<string?> Profile { get; } = new("--profile") { Description = "A profile from the shared credentials and config files.", Recursive = true };

    public Option<string?> Output { get; } = new("--output") { Description = "The output format: json, text or table.", Recursive = true };

    public Option<bool> NoPaginate { get; } = new("--no-paginate") { Description = "Only the first page of a paged result.", Recursive = true };

    public IEnumerable<Option> All => [EndpointUrl, Region, Profile, Output, NoPaginate];

    public GlobalOptionValues Read(ParseResult result, AwsEnvironment environment)
    {
        Uri? endpoint = null;
        if (result.GetValue(EndpointUrl) is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliUsageException($"Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/");
            }
        }

        var profile = result.GetValue(Profile);
        var output = result.GetValue(Output)
            ?? environment.Get("AWS_DEFAULT_OUTPUT")
            ?? ProfileFile.Load(environment.ConfigFilePath, isConfigFile: true).Get(profile ?? environment.Get("AWS_PROFILE") ?? "default", "output")
            ?? "json";
        if (output is not ("json" or "text" or "table"))
        {
            throw new CliUsageException($"argument --output: Invalid choice, valid choices are:\n\njson                                     | text                                    \ntable                                   \n");
        }

        return new GlobalOptionValues(endpoint, result.GetValue(Region), profile, output, result.GetValue(NoPaginate));
    }
}

internal sealed record GlobalOptionValues(Uri? EndpointUrl, string? Region, string? Profile, string Output, bool NoPaginate);
