namespace LocalSail.ModelGenerator.Emit;

/// <summary>The client's typed method per operation: serialize the request, call, read the response.</summary>
internal static class ClientEmitter
{
    public static string Emit(ServiceDescription model)
    {
        var writer = Header.Start(model, "LocalSail.Lightsail.Model", "LocalSail.Lightsail.Model.Serialization").Line("namespace LocalSail.Client;").Line();
        using (writer.Block("public sealed partial class LightsailClient"))
        {
            var first = true;
            foreach (var operation in model.Operations)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                var name = operation.Model.Name;
                var request = Names.TypeName(model.Describe(operation.Model.Input));
                var response = Names.TypeName(model.Describe(operation.Model.Output));
                Documentation.Write(writer, operation.Documentation, operation.Documentation is null ? [$"Calls {name}."] : []);
                writer.Line($"public Task<{response}> {name}Async({request} request, CancellationToken cancellationToken = default) =>");
                writer.Line($"    InvokeAsync({CodeWriter.Literal(name)}, request, LightsailJsonContext.Default.{request}, LightsailJsonContext.Default.{response}, cancellationToken);");
            }
        }

        return writer.ToString();
    }
}
