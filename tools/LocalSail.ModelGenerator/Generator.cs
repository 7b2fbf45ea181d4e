using System.Text.Json;
using LocalSail.ModelGenerator.Emit;

namespace LocalSail.ModelGenerator;

/// <summary>One generated file: where it goes (relative to the repository's root) and its text.</summary>
internal sealed record GeneratedFile(string Path, string Text);

/// <summary>What a model generates: the files, and the model they were generated from (the runtime's own tables).</summary>
internal sealed record GeneratedModel(ServiceDescription Model, IReadOnlyList<GeneratedFile> Files);

/// <summary>From botocore's service model and the list of served operations to LocalSail's generated source.</summary>
internal static class Generator
{
    /// <summary>The list of served operations, relative to the repository's root.</summary>
    public const string ServedOperationsPath = "src/LocalSail.Lightsail.Model/ServedOperations.txt";

    public const string ModelDirectory = "src/LocalSail.Lightsail.Model/Generated";

    public const string ClientDirectory = "src/LocalSail.Client/Generated";

    public static GeneratedModel Generate(JsonElement service, JsonElement? paginators, IReadOnlyList<string> servedOperations)
    {
        var model = ModelReader.Read(service, paginators, servedOperations);
        return new GeneratedModel(model,
        [
            new($"{ModelDirectory}/Structures.g.cs", StructuresEmitter.Emit(model)),
            new($"{ModelDirectory}/Enums.g.cs", EnumsEmitter.Emit(model)),
            new($"{ModelDirectory}/LightsailShapes.g.cs", TablesEmitter.EmitShapes(model)),
            new($"{ModelDirectory}/LightsailOperations.g.cs", TablesEmitter.EmitOperations(model)),
            new($"{ModelDirectory}/LightsailJsonContext.g.cs", JsonContextEmitter.Emit(model)),
            new($"{ClientDirectory}/LightsailClient.Operations.g.cs", ClientEmitter.Emit(model)),
        ]);
    }

    /// <summary>The served operations: one name a line; blank lines and <c>#</c> comments are skipped.</summary>
    public static IReadOnlyList<string> ReadServedOperations(string text)
    {
        var names = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        return names.Distinct(StringComparer.Ordinal).Count() == names.Count
            ? names
            : throw new GeneratorException("The list of served operations names an operation twice.");
    }
}
