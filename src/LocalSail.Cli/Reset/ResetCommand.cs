using System.CommandLine;
using System.Text.Json;
using LocalSail.Cli.Lightsail;
using LocalSail.Client;
using LocalSail.Client.Configuration;
using LocalSail.Server.Hosting;
using LocalSail.Signing;

namespace LocalSail.Cli.Reset;

/// <summary>
/// <c>localsail reset</c>: empties a LocalSail server's store (every bucket, key, object and operation) through
/// <c>POST /_localsail/reset</c>, signed with the account's root credentials. It asks first, unless told <c>--yes</c>.
/// </summary>
internal sealed class ResetCommand
{
    /// <summary>Where <c>localsail serve</c> listens by default.</summary>
    public static readonly Uri DefaultEndpoint = new("http://127.0.0.1:4570");

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());
    private readonly LightsailCommandServices _services;
    private readonly GlobalOptions _globals = new();
    private readonly Option<bool> _yes = new("--yes") { Description = "Reset without asking first (needed when there is no terminal to ask on)." };

    private ResetCommand(LightsailCommandServices services)
    {
        _services = services;
        Command = new Command("reset", """
            Empty a LocalSail server: delete every bucket, access key, object and recorded operation, in every
            region. The server allows it on loopback, with --in-memory, or when started to allow it. The request is
            signed with the account's root credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile;
            the development credentials when none are set).
            """);
        Command.Options.Add(_globals.EndpointUrl);
        Command.Options.Add(_globals.Region);
        Command.Options.Add(_globals.Profile);
        Command.Options.Add(_yes);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static Command Create(LightsailCommandServices? services = null) => new ResetCommand(services ?? new LightsailCommandServices()).Command;

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var environment = _services.ResolvedEnvironment;
        Uri endpoint;
        try
        {
            endpoint = ParseEndpoint(result.GetValue(_globals.EndpointUrl), "--endpoint-url")
                ?? ParseEndpoint(environment.Get("AWS_ENDPOINT_URL_LIGHTSAIL"), "AWS_ENDPOINT_URL_LIGHTSAIL")
                ?? ParseEndpoint(environment.Get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL")
                ?? DefaultEndpoint;
        }
        catch (CliUsageException e)
        {
            await stderr.WriteAsync($"localsail reset: {e.Message}\n").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var region = result.GetValue(_globals.Region) ?? environment.Get("AWS_REGION") ?? environment.Get("AWS_DEFAULT_REGION") ?? "us-east-1";
        var profile = result.GetValue(_globals.Profile);
        Credentials credentials;
        try
        {
            credentials = ClientSettingsResolver.Resolve(
                new LightsailClientOptions { Region = region, Profile = profile, ServiceUrl = endpoint, Environment = environment },
                environment).Credentials;
        }
        catch (LightsailConfigurationException) when (profile is null)
        {
            credentials = new Credentials(AccountCredentials.DevelopmentAccessKeyId, AccountCredentials.DevelopmentSecretAccessKey);
        }
        catch (LightsailConfigurationException e)
        {
            await stderr.WriteAsync($"localsail reset: {e.Message}\n").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        if (!result.GetValue(_yes) && !await ConfirmAsync(endpoint, _services.Input, stdout, stderr).ConfigureAwait(false))
        {
            return ExitCodes.UsageError;
        }

        var target = new Uri(endpoint, "/_localsail/reset");
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        new RequestSigner().Sign(request, credentials, region, "lightsail", DateTimeOffset.UtcNow, SigV4.EmptyPayloadHash);
        var http = _services.HttpHandler is null ? SharedHttp.Value : new HttpClient(_services.HttpHandler, disposeHandler: false);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var json = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var message = json is { } error && error.TryGetProperty("message", out var m) ? m.GetString() : $"{(int)response.StatusCode} {response.ReasonPhrase}";
                await stderr.WriteAsync($"localsail reset: {endpoint} refused the reset: {message}\nNothing was removed.\n").ConfigureAwait(false);
                return ExitCodes.ServiceError;
            }

            var summary = json!.Value;
            await stdout.WriteAsync(
                $"Reset {endpoint}: removed {Count(summary, "buckets")} buckets, {Count(summary, "accessKeys")} access keys, " +
                $"{Count(summary, "objects")} objects and {Count(summary, "operations")} operations.\n").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteAsync($"localsail reset: could not connect to {endpoint} ({e.Message}). Is the server running?\n").ConfigureAwait(false);
            return ExitCodes.OtherError;
        }
        finally
        {
            if (_services.HttpHandler is not null)
            {
                http.Dispose();
            }
        }
    }

    private static async Task<bool> ConfirmAsync(Uri endpoint, TextReader? input, TextWriter stdout, TextWriter stderr)
    {
        if (input is null && Console.IsInputRedirected)
        {
            await stderr.WriteAsync($"localsail reset: this deletes every bucket, key, object and operation on {endpoint}. Pass --yes to confirm.\n").ConfigureAwait(false);
            return false;
        }

        await stdout.WriteAsync($"Delete every bucket, access key, object and operation on {endpoint}? [y/N] ").ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        var answer = (await (input ?? Console.In).ReadLineAsync().ConfigureAwait(false))?.Trim();
        if (answer is "y" or "Y" or "yes")
        {
            return true;
        }

        await stderr.WriteAsync("Nothing was removed.\n").ConfigureAwait(false);
        return false;
    }

    private static Uri? ParseEndpoint(string? value, string source) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new CliUsageException($"{source} must be an http:// or https:// URL, not \"{value}\".");

    private static JsonElement? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long Count(JsonElement summary, string name) => summary.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
