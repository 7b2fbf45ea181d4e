using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketCorsConfig</c> shape.</summary>
public sealed class BucketCorsConfig
{
    [JsonPropertyName("rules")]
    public List<BucketCorsRule>? Rules { get; set; }
}
