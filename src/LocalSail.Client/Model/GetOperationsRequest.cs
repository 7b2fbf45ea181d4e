using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationsRequest</c> shape.</summary>
public sealed class GetOperationsRequest
{
    [JsonPropertyName("pageToken")]
    public string? PageToken { get; set; }
}
