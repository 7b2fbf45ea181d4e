using LocalSail.Lightsail.Model;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>The bucket bundles (plans) Lightsail offers: storage and transfer per month, and price.</summary>
internal static class BucketBundles
{
    public static readonly IReadOnlyList<BucketBundlePlan> All =
    [
        new("small_1_0", "Small", 1.0f, 5, 25, true),
        new("medium_1_0", "Medium", 3.0f, 100, 250, true),
        new("large_1_0", "Large", 5.0f, 250, 500, true),
    ];

    public static BucketBundlePlan? Find(string bundleId) => All.FirstOrDefault(b => b.BundleId == bundleId);

    public static string Names => string.Join(", ", All.Select(b => b.BundleId));

    /// <summary>Why a bucket cannot have <paramref name="bundleId"/> (not a bundle, or no longer offered); null when it can.</summary>
    public static string? Refusal(string bundleId) =>
        Find(bundleId) is { IsActive: true } ? null : $"The bundle '{bundleId}' does not exist. Valid bundles: {Names}.";
}

/// <summary>A bundle, immutable (the wire's <see cref="BucketBundle"/> is made afresh for each answer).</summary>
internal sealed record BucketBundlePlan(string BundleId, string Name, float Price, int StoragePerMonthInGb, int TransferPerMonthInGb, bool IsActive)
{
    public BucketBundle ToWire() => new()
    {
        BundleId = BundleId,
        Name = Name,
        Price = Price,
        StoragePerMonthInGb = StoragePerMonthInGb,
        TransferPerMonthInGb = TransferPerMonthInGb,
        IsActive = IsActive,
    };
}
