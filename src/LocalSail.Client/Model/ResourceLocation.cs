using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>ResourceLocation</c> shape.</summary>
public sealed class ResourceLocation
{
    [JsonPropertyName("availabilityZone")]
    public string? AvailabilityZone { get; set; }

    [JsonPropertyName("regionName")]
    public RegionName? RegionName { get; set; }
}
