using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Server.Storage;

/// <summary>
/// How list-valued and structured bucket settings are kept in a column: JSON, camelCase, absent values left out
/// (the form the access log and CORS columns have always held).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<BucketTag>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(BucketAccessLog))]
[JsonSerializable(typeof(StorageJson.CorsColumn))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

internal static class StorageJson
{
    public static string Tags(IReadOnlyList<BucketTag> tags) => JsonSerializer.Serialize(tags.ToList(), StorageJsonContext.Default.ListBucketTag);

    public static List<BucketTag> Tags(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListBucketTag) ?? [];

    public static string Strings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values.ToList(), StorageJsonContext.Default.ListString);

    public static List<string> Strings(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? [];

    /// <summary>The access log column: null when logging is disabled.</summary>
    public static string? AccessLog(BucketAccessLog log) =>
        log.Enabled ? JsonSerializer.Serialize(log, StorageJsonContext.Default.BucketAccessLog) : null;

    public static BucketAccessLog AccessLog(string? json) =>
        json is null ? BucketAccessLog.Disabled : JsonSerializer.Deserialize(json, StorageJsonContext.Default.BucketAccessLog) ?? BucketAccessLog.Disabled;

    /// <summary>The CORS column: null when there is no rule.</summary>
    public static string? Cors(IReadOnlyList<CorsRule> rules) =>
        rules.Count == 0 ? null : JsonSerializer.Serialize(new CorsColumn(rules), StorageJsonContext.Default.CorsColumn);

    public static IReadOnlyList<CorsRule> Cors(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.CorsColumn)?.Rules ?? [];

    internal sealed record CorsColumn(IReadOnlyList<CorsRule>? Rules);
}
