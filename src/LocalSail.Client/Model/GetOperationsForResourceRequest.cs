using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationsForResourceRequest</c> shape.</summary>
public sealed class GetOperationsForResourceRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    [JsonPropertyName("pageToken")]
    public string? PageToken { get; set; }
}
