using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>OperationStatus</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(OperationStatusJsonConverter))]
public enum OperationStatus
{
    Unrecognized = 0,
    NotStarted,
    Started,
    Failed,
    Completed,
    Succeeded,
}

/// <summary>Converts <see cref="OperationStatus"/> to and from its wire names.</summary>
public sealed class OperationStatusJsonConverter : JsonConverter<OperationStatus>
{
    public static string ToWireName(OperationStatus value) => value switch
    {
        OperationStatus.NotStarted => "NotStarted",
        OperationStatus.Started => "Started",
        OperationStatus.Failed => "Failed",
        OperationStatus.Completed => "Completed",
        OperationStatus.Succeeded => "Succeeded",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized OperationStatus cannot be sent."),
    };

    public static OperationStatus FromWireName(string? name) => name switch
    {
        "NotStarted" => OperationStatus.NotStarted,
        "Started" => OperationStatus.Started,
        "Failed" => OperationStatus.Failed,
        "Completed" => OperationStatus.Completed,
        "Succeeded" => OperationStatus.Succeeded,
        _ => OperationStatus.Unrecognized,
    };

    public override OperationStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, OperationStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
