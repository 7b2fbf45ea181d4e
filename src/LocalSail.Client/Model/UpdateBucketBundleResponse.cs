using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>UpdateBucketBundleResult</c> shape.</summary>
public sealed class UpdateBucketBundleResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
