using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>DeleteBucketResult</c> shape.</summary>
public sealed class DeleteBucketResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
