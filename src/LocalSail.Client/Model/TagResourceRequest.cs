using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>TagResourceRequest</c> shape.</summary>
public sealed class TagResourceRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    [JsonPropertyName("resourceArn")]
    public string? ResourceArn { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("tags")]
    public List<Tag>? Tags { get; set; }
}
