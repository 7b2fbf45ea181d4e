using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>CreateBucketAccessKeyResult</c> shape.</summary>
public sealed class CreateBucketAccessKeyResponse : LightsailResponse
{
    [JsonPropertyName("accessKey")]
    public AccessKey? AccessKey { get; set; }

    [JsonPropertyName("operations")]
    public List<Operation>? Operations { get; set; }
}
