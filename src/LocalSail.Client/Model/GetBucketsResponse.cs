using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketsResult</c> shape.</summary>
public sealed class GetBucketsResponse : LightsailResponse
{
    [JsonPropertyName("buckets")]
    public List<Bucket>? Buckets { get; set; }

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; set; }

    [JsonPropertyName("accountLevelBpaSync")]
    public AccountLevelBpaSync? AccountLevelBpaSync { get; set; }
}
