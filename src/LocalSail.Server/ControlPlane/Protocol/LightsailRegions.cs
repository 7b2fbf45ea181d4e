using System.Collections.Frozen;
using LocalSail.Lightsail.Model;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>
/// The regions Lightsail serves: the service model's <c>RegionName</c> values, generated. A request's region is
/// the one in its signature's scope; a region Lightsail does not have has no endpoint on AWS, so it is refused here too.
/// </summary>
internal static class LightsailRegions
{
    public static readonly FrozenSet<string> All = RegionName.Values.Select(region => region.WireName!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The error for a request signed for a region that is not one of <see cref="All"/>.</summary>
    public static LightsailError Unknown(string region) => LightsailError.InvalidInput(
        $"The region '{(region.Length <= 40 ? region : region[..40] + "...")}' is not a Lightsail region. Sign the request for one of: {string.Join(", ", All.Order(StringComparer.Ordinal))}.",
        "InvalidRegion");
}
