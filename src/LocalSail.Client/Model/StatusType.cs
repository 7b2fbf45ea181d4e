using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>StatusType</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(StatusTypeJsonConverter))]
public enum StatusType
{
    Unrecognized = 0,
    Active,
    Inactive,
}

/// <summary>Converts <see cref="StatusType"/> to and from its wire names.</summary>
public sealed class StatusTypeJsonConverter : JsonConverter<StatusType>
{
    public static string ToWireName(StatusType value) => value switch
    {
        StatusType.Active => "Active",
        StatusType.Inactive => "Inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized StatusType cannot be sent."),
    };

    public static StatusType FromWireName(string? name) => name switch
    {
        "Active" => StatusType.Active,
        "Inactive" => StatusType.Inactive,
        _ => StatusType.Unrecognized,
    };

    public override StatusType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, StatusType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
