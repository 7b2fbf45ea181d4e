using System.Collections.Frozen;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>
/// The regions Lightsail serves (the service model's <c>RegionName</c>). A request's region is the one in its
/// signature's scope; a region Lightsail does not have has no endpoint on AWS, so it is refused here too.
/// </summary>
internal static class LightsailRegions
{
    public static readonly FrozenSet<string> All = new[]
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
        "eu-north-1", "ca-central-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
        "ap-northeast-2", "ap-southeast-3", "ap-southeast-5",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The error for a request signed for a region that is not one of <see cref="All"/>.</summary>
    public static LightsailError Unknown(string region) => LightsailError.InvalidInput(
        $"The region '{(region.Length <= 40 ? region : region[..40] + "...")}' is not a Lightsail region. Sign the request for one of: {string.Join(", ", All.Order(StringComparer.Ordinal))}.",
        "InvalidRegion");
}
