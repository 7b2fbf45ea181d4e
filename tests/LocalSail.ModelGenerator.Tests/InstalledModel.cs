using System.Text.Json.Nodes;

namespace LocalSail.ModelGenerator.Tests;

/// <summary>The installed botocore's Lightsail model and the repository's list of served operations, read once.</summary>
internal static class InstalledModel
{
    private static readonly Lazy<(string Service, string? Paginators)> Json = new(() =>
    {
        using var botocore = Botocore.Load();
        return (botocore.Service.RootElement.GetRawText(), botocore.Paginators?.RootElement.GetRawText());
    });

    public static string Root { get; } = Repository.FindRoot();

    public static IReadOnlyList<string> ServedOperations =>
        Generator.ReadServedOperations(File.ReadAllText(Path.Combine(Root, Generator.ServedOperationsPath)));

    /// <summary>A copy of the service model to change.</summary>
    public static JsonObject Service() => JsonNode.Parse(Json.Value.Service)!.AsObject();

    public static GeneratedModel Generate() => Generate(Service());

    public static GeneratedModel Generate(JsonObject service)
    {
        using var serviceDocument = System.Text.Json.JsonDocument.Parse(service.ToJsonString());
        using var paginators = Json.Value.Paginators is { } text ? System.Text.Json.JsonDocument.Parse(text) : null;
        return Generator.Generate(serviceDocument.RootElement, paginators?.RootElement, ServedOperations);
    }
}
