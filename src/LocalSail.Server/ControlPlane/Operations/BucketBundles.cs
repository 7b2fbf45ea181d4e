using LocalSail.Server.ControlPlane.Model;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>The bucket bundles (plans) Lightsail offers: storage and transfer per month, and price.</summary>
public static class BucketBundles
{
    public static readonly IReadOnlyList<BucketBundle> All =
    [
        new("small_1_0", "Small", 1.0f, 5, 25, true),
        new("medium_1_0", "Medium", 3.0f, 100, 250, true),
        new("large_1_0", "Large", 5.0f, 250, 500, true),
    ];

    public static BucketBundle? Find(string bundleId) => All.FirstOrDefault(b => b.BundleId == bundleId);

    public static string Names => string.Join(", ", All.Select(b => b.BundleId));
}
