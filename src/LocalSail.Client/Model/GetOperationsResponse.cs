using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationsResult</c> shape.</summary>
public sealed class GetOperationsResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; set; }
}
