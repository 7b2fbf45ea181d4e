using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>TagResourceResult</c> shape.</summary>
public sealed class TagResourceResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
