using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccountLevelBpaSync</c> shape.</summary>
public sealed class AccountLevelBpaSync
{
    [JsonPropertyName("status")]
    public AccountLevelBpaSyncStatus? Status { get; set; }

    [JsonPropertyName("lastSyncedAt")]
    public DateTimeOffset? LastSyncedAt { get; set; }

    [JsonPropertyName("message")]
    public BPAStatusMessage? Message { get; set; }

    [JsonPropertyName("bpaImpactsLightsail")]
    public bool? BpaImpactsLightsail { get; set; }
}
