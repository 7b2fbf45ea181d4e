using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketBundlesResult</c> shape.</summary>
public sealed class GetBucketBundlesResponse : LightsailResponse
{
    [JsonPropertyName("bundles")]
    public List<BucketBundle>? Bundles { get; set; }
}
