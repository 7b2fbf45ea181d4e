using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccessRules</c> shape.</summary>
public sealed class AccessRules
{
    [JsonPropertyName("getObject")]
    public AccessType? GetObject { get; set; }

    [JsonPropertyName("allowPublicOverrides")]
    public bool? AllowPublicOverrides { get; set; }
}
