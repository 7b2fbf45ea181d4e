using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>MetricStatistic</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(MetricStatisticJsonConverter))]
public enum MetricStatistic
{
    Unrecognized = 0,
    Minimum,
    Maximum,
    Sum,
    Average,
    SampleCount,
}

/// <summary>Converts <see cref="MetricStatistic"/> to and from its wire names.</summary>
public sealed class MetricStatisticJsonConverter : JsonConverter<MetricStatistic>
{
    public static string ToWireName(MetricStatistic value) => value switch
    {
        MetricStatistic.Minimum => "Minimum",
        MetricStatistic.Maximum => "Maximum",
        MetricStatistic.Sum => "Sum",
        MetricStatistic.Average => "Average",
        MetricStatistic.SampleCount => "SampleCount",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized MetricStatistic cannot be sent."),
    };

    public static MetricStatistic FromWireName(string? name) => name switch
    {
        "Minimum" => MetricStatistic.Minimum,
        "Maximum" => MetricStatistic.Maximum,
        "Sum" => MetricStatistic.Sum,
        "Average" => MetricStatistic.Average,
        "SampleCount" => MetricStatistic.SampleCount,
        _ => MetricStatistic.Unrecognized,
    };

    public override MetricStatistic Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, MetricStatistic value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
