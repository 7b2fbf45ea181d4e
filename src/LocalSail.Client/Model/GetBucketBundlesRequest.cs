using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketBundlesRequest</c> shape.</summary>
public sealed class GetBucketBundlesRequest
{
    [JsonPropertyName("includeInactive")]
    public bool? IncludeInactive { get; set; }
}
