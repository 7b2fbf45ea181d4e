using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketBundle</c> shape.</summary>
public sealed class BucketBundle
{
    [JsonPropertyName("bundleId")]
    public string? BundleId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("price")]
    public float? Price { get; set; }

    [JsonPropertyName("storagePerMonthInGb")]
    public int? StoragePerMonthInGb { get; set; }

    [JsonPropertyName("transferPerMonthInGb")]
    public int? TransferPerMonthInGb { get; set; }

    [JsonPropertyName("isActive")]
    public bool? IsActive { get; set; }
}
