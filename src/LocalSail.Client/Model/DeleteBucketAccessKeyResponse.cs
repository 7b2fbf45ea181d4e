using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>DeleteBucketAccessKeyResult</c> shape.</summary>
public sealed class DeleteBucketAccessKeyResponse : LightsailResponse
{
    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
