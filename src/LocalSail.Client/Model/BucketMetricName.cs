using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketMetricName</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(BucketMetricNameJsonConverter))]
public enum BucketMetricName
{
    Unrecognized = 0,
    BucketSizeBytes,
    NumberOfObjects,
}

/// <summary>Converts <see cref="BucketMetricName"/> to and from its wire names.</summary>
public sealed class BucketMetricNameJsonConverter : JsonConverter<BucketMetricName>
{
    public static string ToWireName(BucketMetricName value) => value switch
    {
        BucketMetricName.BucketSizeBytes => "BucketSizeBytes",
        BucketMetricName.NumberOfObjects => "NumberOfObjects",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized BucketMetricName cannot be sent."),
    };

    public static BucketMetricName FromWireName(string? name) => name switch
    {
        "BucketSizeBytes" => BucketMetricName.BucketSizeBytes,
        "NumberOfObjects" => BucketMetricName.NumberOfObjects,
        _ => BucketMetricName.Unrecognized,
    };

    public override BucketMetricName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, BucketMetricName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
