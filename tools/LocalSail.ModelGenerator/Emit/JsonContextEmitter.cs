namespace LocalSail.ModelGenerator.Emit;

/// <summary>
/// The source-generated JSON context of the requests and responses (and of the protocol's error body), with
/// the AWS JSON protocol's options: absent members left out, timestamps as epoch seconds.
/// </summary>
internal static class JsonContextEmitter
{
    public static string Emit(ServiceDescription model)
    {
        var writer = Header.Start(model, "System.Text.Json.Serialization").Line("namespace LocalSail.Lightsail.Model.Serialization;").Line();
        writer.Line("/// <summary>");
        writer.Line("/// Source-generated serialization of the requests and responses and of the error body, so no reflection runs");
        writer.Line("/// per call: absent members are left out, timestamps are epoch seconds.");
        writer.Line("/// </summary>");
        writer.Line("[JsonSourceGenerationOptions(");
        writer.Line("    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,");
        writer.Line("    Converters = [typeof(EpochSecondsConverter)])]");
        foreach (var operation in model.Operations.Select(o => o.Model))
        {
            writer.Line($"[JsonSerializable(typeof({Names.TypeName(model.Describe(operation.Input))}))]");
            writer.Line($"[JsonSerializable(typeof({Names.TypeName(model.Describe(operation.Output))}))]");
        }

        writer.Line("[JsonSerializable(typeof(LightsailErrorBody))]");
        return writer.Line("public sealed partial class LightsailJsonContext : JsonSerializerContext;").ToString();
    }
}
