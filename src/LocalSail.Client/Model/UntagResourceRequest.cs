using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>UntagResourceRequest</c> shape.</summary>
public sealed class UntagResourceRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    [JsonPropertyName("resourceArn")]
    public string? ResourceArn { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("tagKeys")]
    public List<string>? TagKeys { get; set; }
}
