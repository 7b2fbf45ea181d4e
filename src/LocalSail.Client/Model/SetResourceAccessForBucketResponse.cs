using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>SetResourceAccessForBucketResult</c> shape.</summary>
public sealed class SetResourceAccessForBucketResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
