using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>ResourceReceivingAccess</c> shape.</summary>
public sealed class ResourceReceivingAccess
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("resourceType")]
    public string? ResourceType { get; set; }
}
