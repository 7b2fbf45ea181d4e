using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>RegionName</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(RegionNameJsonConverter))]
public enum RegionName
{
    Unrecognized = 0,
    UsEast1,
    UsEast2,
    UsWest1,
    UsWest2,
    EuWest1,
    EuWest2,
    EuWest3,
    EuCentral1,
    EuNorth1,
    CaCentral1,
    ApSouth1,
    ApSoutheast1,
    ApSoutheast2,
    ApNortheast1,
    ApNortheast2,
    ApSoutheast3,
    ApSoutheast5,
}

/// <summary>Converts <see cref="RegionName"/> to and from its wire names.</summary>
public sealed class RegionNameJsonConverter : JsonConverter<RegionName>
{
    public static string ToWireName(RegionName value) => value switch
    {
        RegionName.UsEast1 => "us-east-1",
        RegionName.UsEast2 => "us-east-2",
        RegionName.UsWest1 => "us-west-1",
        RegionName.UsWest2 => "us-west-2",
        RegionName.EuWest1 => "eu-west-1",
        RegionName.EuWest2 => "eu-west-2",
        RegionName.EuWest3 => "eu-west-3",
        RegionName.EuCentral1 => "eu-central-1",
        RegionName.EuNorth1 => "eu-north-1",
        RegionName.CaCentral1 => "ca-central-1",
        RegionName.ApSouth1 => "ap-south-1",
        RegionName.ApSoutheast1 => "ap-southeast-1",
        RegionName.ApSoutheast2 => "ap-southeast-2",
        RegionName.ApNortheast1 => "ap-northeast-1",
        RegionName.ApNortheast2 => "ap-northeast-2",
        RegionName.ApSoutheast3 => "ap-southeast-3",
        RegionName.ApSoutheast5 => "ap-southeast-5",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized RegionName cannot be sent."),
    };

    public static RegionName FromWireName(string? name) => name switch
    {
        "us-east-1" => RegionName.UsEast1,
        "us-east-2" => RegionName.UsEast2,
        "us-west-1" => RegionName.UsWest1,
        "us-west-2" => RegionName.UsWest2,
        "eu-west-1" => RegionName.EuWest1,
        "eu-west-2" => RegionName.EuWest2,
        "eu-west-3" => RegionName.EuWest3,
        "eu-central-1" => RegionName.EuCentral1,
        "eu-north-1" => RegionName.EuNorth1,
        "ca-central-1" => RegionName.CaCentral1,
        "ap-south-1" => RegionName.ApSouth1,
        "ap-southeast-1" => RegionName.ApSoutheast1,
        "ap-southeast-2" => RegionName.ApSoutheast2,
        "ap-northeast-1" => RegionName.ApNortheast1,
        "ap-northeast-2" => RegionName.ApNortheast2,
        "ap-southeast-3" => RegionName.ApSoutheast3,
        "ap-southeast-5" => RegionName.ApSoutheast5,
        _ => RegionName.Unrecognized,
    };

    public override RegionName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, RegionName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
