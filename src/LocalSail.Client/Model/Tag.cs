using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>Tag</c> shape.</summary>
public sealed class Tag
{
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
