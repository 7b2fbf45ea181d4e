using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationsForResourceResult</c> shape.</summary>
public sealed class GetOperationsForResourceResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }

    [JsonPropertyName("nextPageCount")]
    public string? NextPageCount { get; set; }

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; set; }
}
