using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketAccessLogConfig</c> shape.</summary>
public sealed class BucketAccessLogConfig
{
    /// <summary>Required.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("destination")]
    public string? Destination { get; set; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; set; }
}
