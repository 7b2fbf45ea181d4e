using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>UntagResourceResult</c> shape.</summary>
public sealed class UntagResourceResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
