using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccessType</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(AccessTypeJsonConverter))]
public enum AccessType
{
    Unrecognized = 0,
    Public,
    Private,
}

/// <summary>Converts <see cref="AccessType"/> to and from its wire names.</summary>
public sealed class AccessTypeJsonConverter : JsonConverter<AccessType>
{
    public static string ToWireName(AccessType value) => value switch
    {
        AccessType.Public => "public",
        AccessType.Private => "private",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized AccessType cannot be sent."),
    };

    public static AccessType FromWireName(string? name) => name switch
    {
        "public" => AccessType.Public,
        "private" => AccessType.Private,
        _ => AccessType.Unrecognized,
    };

    public override AccessType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, AccessType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
