using LocalSail.Lightsail.Model;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>
/// The regions Lightsail serves: the service model's <c>RegionName</c>, generated. A request's region is the one
/// in its signature's scope; a region Lightsail does not have has no endpoint on AWS, so it is refused here too.
/// </summary>
internal static class LightsailRegions
{
    public static bool IsLightsailRegion(string region) => RegionName.FromWireName(region).IsRecognized;

    /// <summary>The error for a request signed for a region that is not one of the model's.</summary>
    public static LightsailError Unknown(string region) => LightsailError.InvalidInput(
        $"The region '{(region.Length <= 40 ? region : region[..40] + "...")}' is not a Lightsail region. Sign the request for one of: {string.Join(", ", RegionName.Values.Select(r => r.WireName).Order(StringComparer.Ordinal))}.",
        "InvalidRegion");
}
