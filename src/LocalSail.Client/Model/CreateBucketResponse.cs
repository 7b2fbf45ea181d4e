using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>CreateBucketResult</c> shape.</summary>
public sealed class CreateBucketResponse : LightsailResponse
{
    [JsonPropertyName("bucket")]
    public Bucket? Bucket { get; set; }

    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
