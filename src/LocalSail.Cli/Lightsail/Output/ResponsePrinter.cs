using System.Text.Json.Nodes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>Prints a response in the format --output asked for.</summary>
internal static class ResponsePrinter
{
    public static async Task PrintAsync(JsonObject response, string format, string operationName, TextWriter stdout)
    {
        switch (format)
        {
            case "text":
                var text = new StringWriter();
                TextFormatter.Write(text, response);
                await stdout.WriteAsync(text.ToString()).ConfigureAwait(false);
                break;
            case "table":
                await stdout.WriteAsync(TableFormatter.Format(operationName, response)).ConfigureAwait(false);
                break;
            default:
                // The AWS CLI prints nothing for an empty answer, and a newline after any other.
                if (response.Count > 0)
                {
                    await stdout.WriteAsync(PythonJsonWriter.Serialize(response) + "\n").ConfigureAwait(false);
                }

                break;
        }
    }
}
