using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccessKey</c> shape.</summary>
public sealed class AccessKey
{
    [JsonPropertyName("accessKeyId")]
    public string? AccessKeyId { get; set; }

    [JsonPropertyName("secretAccessKey")]
    public string? SecretAccessKey { get; set; }

    [JsonPropertyName("status")]
    public StatusType? Status { get; set; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("lastUsed")]
    public AccessKeyLastUsed? LastUsed { get; set; }
}
