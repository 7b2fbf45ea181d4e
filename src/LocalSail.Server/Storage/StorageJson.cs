using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Server.Storage;

/// <summary>How list-valued bucket settings are kept in a column.</summary>
[JsonSerializable(typeof(List<BucketTag>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

internal static class StorageJson
{
    public static string Tags(IReadOnlyList<BucketTag> tags) => JsonSerializer.Serialize(tags.ToList(), StorageJsonContext.Default.ListBucketTag);

    public static List<BucketTag> Tags(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListBucketTag) ?? [];

    public static string Strings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values.ToList(), StorageJsonContext.Default.ListString);

    public static List<string> Strings(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? [];
}
