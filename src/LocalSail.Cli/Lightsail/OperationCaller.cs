using System.Text;
using System.Text.Json.Nodes;
using LocalSail.Cli.Lightsail.Output;
using LocalSail.Client;
using LocalSail.Client.Configuration;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail;

/// <summary>Calls an operation (every page of a paged one, as the AWS CLI does), prints the answer, and maps failures to exit codes.</summary>
internal sealed class OperationCaller
{
    private readonly OperationModel _operation;
    private readonly LightsailCommandServices _services;
    private readonly GlobalOptionValues _globals;

    public OperationCaller(OperationModel operation, LightsailCommandServices services, GlobalOptionValues globals)
    {
        _operation = operation;
        _services = services;
        _globals = globals;
    }

    public async Task<int> CallAndPrintAsync(JsonObject input, string? startingToken, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        LightsailClient client;
        try
        {
            client = _services.CreateClient(_globals);
        }
        catch (LightsailConfigurationException e)
        {
            await stderr.WriteAsync(e.Message + "\n").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        using (client)
        {
            JsonObject response;
            try
            {
                response = await CallAsync(client, input, startingToken, cancellationToken).ConfigureAwait(false);
            }
            catch (LightsailException e)
            {
                await stderr.WriteAsync(FormatServiceError(e, _operation.Name)).ConfigureAwait(false);
                return ExitCodes.ServiceError;
            }
            catch (HttpRequestException e)
            {
                await stderr.WriteAsync($"\nCould not connect to the endpoint URL: \"{client.Settings.Endpoint}\"\n").ConfigureAwait(false);
                _ = e;
                return ExitCodes.OtherError;
            }

            await ResponsePrinter.PrintAsync(response, _globals.Output, _operation.Name, stdout).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }

    /// <summary>
    /// botocore's wording: <c>An error occurred (TYPE) when calling the OPERATION operation: MESSAGE</c>, with
    /// <c> (reached max retries: N)</c> after the operation when a retryable error outlasted every attempt.
    /// </summary>
    public static string FormatServiceError(LightsailException e, string operationName)
    {
        var type = e.ErrorType ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = string.IsNullOrEmpty(e.Message) ? "Unknown" : e.Message;
        var retries = e.MaxAttemptsReached ? $" (reached max retries: {e.Attempts - 1})" : string.Empty;
        return $"\nAn error occurred ({type}) when calling the {operationName} operation{retries}: {message}\n";
    }

    private async Task<JsonObject> CallAsync(LightsailClient client, JsonObject input, string? startingToken, CancellationToken cancellationToken)
    {
        var paginator = _operation.Paginator;
        if (paginator is null)
        {
            return await CallOnceAsync(client, input, cancellationToken).ConfigureAwait(false);
        }

        if (startingToken is not null)
        {
            input[paginator.InputToken] = startingToken;
        }

        if (_globals.NoPaginate)
        {
            return await CallOnceAsync(client, input, cancellationToken).ConfigureAwait(false);
        }

        // botocore's build_full_result: the result lists joined, the page tokens left out.
        var combined = new JsonObject();
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await CallOnceAsync(client, input, cancellationToken).ConfigureAwait(false);
            if (page[paginator.ResultKey] is JsonArray items)
            {
                if (combined[paginator.ResultKey] is JsonArray existing)
                {
                    foreach (var item in items.ToList())
                    {
                        items.Remove(item);
                        existing.Add(item);
                    }
                }
                else
                {
                    page.Remove(paginator.ResultKey);
                    combined[paginator.ResultKey] = items;
                }
            }

            var next = page[paginator.OutputToken]?.GetValue<string>();
            if (string.IsNullOrEmpty(next) || !seenTokens.Add(next))
            {
                return combined;
            }

            input[paginator.InputToken] = next;
        }
    }

    private async Task<JsonObject> CallOnceAsync(LightsailClient client, JsonObject input, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        var raw = await client.SendAsync(_operation.Name, body, cancellationToken).ConfigureAwait(false);
        return ResponseShaper.Shape(_operation.Output, raw.Body);
    }
}
