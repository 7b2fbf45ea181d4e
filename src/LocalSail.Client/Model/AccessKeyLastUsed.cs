using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccessKeyLastUsed</c> shape.</summary>
public sealed class AccessKeyLastUsed
{
    [JsonPropertyName("lastUsedDate")]
    public DateTimeOffset? LastUsedDate { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("serviceName")]
    public string? ServiceName { get; set; }
}
