using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketAccessKeysResult</c> shape.</summary>
public sealed class GetBucketAccessKeysResponse : LightsailResponse
{
    [JsonPropertyName("accessKeys")]
    public List<AccessKey>? AccessKeys { get; set; }
}
