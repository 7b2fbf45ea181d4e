using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>MetricUnit</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(MetricUnitJsonConverter))]
public enum MetricUnit
{
    Unrecognized = 0,
    Seconds,
    Microseconds,
    Milliseconds,
    Bytes,
    Kilobytes,
    Megabytes,
    Gigabytes,
    Terabytes,
    Bits,
    Kilobits,
    Megabits,
    Gigabits,
    Terabits,
    Percent,
    Count,
    BytesSecond,
    KilobytesSecond,
    MegabytesSecond,
    GigabytesSecond,
    TerabytesSecond,
    BitsSecond,
    KilobitsSecond,
    MegabitsSecond,
    GigabitsSecond,
    TerabitsSecond,
    CountSecond,
    None,
}

/// <summary>Converts <see cref="MetricUnit"/> to and from its wire names.</summary>
public sealed class MetricUnitJsonConverter : JsonConverter<MetricUnit>
{
    public static string ToWireName(MetricUnit value) => value switch
    {
        MetricUnit.Seconds => "Seconds",
        MetricUnit.Microseconds => "Microseconds",
        MetricUnit.Milliseconds => "Milliseconds",
        MetricUnit.Bytes => "Bytes",
        MetricUnit.Kilobytes => "Kilobytes",
        MetricUnit.Megabytes => "Megabytes",
        MetricUnit.Gigabytes => "Gigabytes",
        MetricUnit.Terabytes => "Terabytes",
        MetricUnit.Bits => "Bits",
        MetricUnit.Kilobits => "Kilobits",
        MetricUnit.Megabits => "Megabits",
        MetricUnit.Gigabits => "Gigabits",
        MetricUnit.Terabits => "Terabits",
        MetricUnit.Percent => "Percent",
        MetricUnit.Count => "Count",
        MetricUnit.BytesSecond => "Bytes/Second",
        MetricUnit.KilobytesSecond => "Kilobytes/Second",
        MetricUnit.MegabytesSecond => "Megabytes/Second",
        MetricUnit.GigabytesSecond => "Gigabytes/Second",
        MetricUnit.TerabytesSecond => "Terabytes/Second",
        MetricUnit.BitsSecond => "Bits/Second",
        MetricUnit.KilobitsSecond => "Kilobits/Second",
        MetricUnit.MegabitsSecond => "Megabits/Second",
        MetricUnit.GigabitsSecond => "Gigabits/Second",
        MetricUnit.TerabitsSecond => "Terabits/Second",
        MetricUnit.CountSecond => "Count/Second",
        MetricUnit.None => "None",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized MetricUnit cannot be sent."),
    };

    public static MetricUnit FromWireName(string? name) => name switch
    {
        "Seconds" => MetricUnit.Seconds,
        "Microseconds" => MetricUnit.Microseconds,
        "Milliseconds" => MetricUnit.Milliseconds,
        "Bytes" => MetricUnit.Bytes,
        "Kilobytes" => MetricUnit.Kilobytes,
        "Megabytes" => MetricUnit.Megabytes,
        "Gigabytes" => MetricUnit.Gigabytes,
        "Terabytes" => MetricUnit.Terabytes,
        "Bits" => MetricUnit.Bits,
        "Kilobits" => MetricUnit.Kilobits,
        "Megabits" => MetricUnit.Megabits,
        "Gigabits" => MetricUnit.Gigabits,
        "Terabits" => MetricUnit.Terabits,
        "Percent" => MetricUnit.Percent,
        "Count" => MetricUnit.Count,
        "Bytes/Second" => MetricUnit.BytesSecond,
        "Kilobytes/Second" => MetricUnit.KilobytesSecond,
        "Megabytes/Second" => MetricUnit.MegabytesSecond,
        "Gigabytes/Second" => MetricUnit.GigabytesSecond,
        "Terabytes/Second" => MetricUnit.TerabytesSecond,
        "Bits/Second" => MetricUnit.BitsSecond,
        "Kilobits/Second" => MetricUnit.KilobitsSecond,
        "Megabits/Second" => MetricUnit.MegabitsSecond,
        "Gigabits/Second" => MetricUnit.GigabitsSecond,
        "Terabits/Second" => MetricUnit.TerabitsSecond,
        "Count/Second" => MetricUnit.CountSecond,
        "None" => MetricUnit.None,
        _ => MetricUnit.Unrecognized,
    };

    public override MetricUnit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, MetricUnit value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
