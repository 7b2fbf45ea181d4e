using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Lightsail.Model.Serialization;

/// <summary>
/// A string enumeration of the model (a string shape with <c>enum</c> values), generated as a struct. The
/// values this version knows are its static members. Any other value the service sends is kept by its wire
/// name, so it is written back exactly as it was read (the service adds values before the model lists
/// them); it is not recognized, and compares equal to <c>Unrecognized</c>, as an enum's unknown value would.
/// </summary>
public interface IWireEnum<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IWireEnum<TSelf>
{
    /// <summary>The value as the wire spells it; null only for the default value, which no wire value gives.</summary>
    string? WireName { get; }

    /// <summary>Whether the value is one of the model's.</summary>
    bool IsRecognized { get; }

    /// <summary>The value the wire name stands for: one of the model's, or an unrecognized one that keeps the name.</summary>
    static abstract TSelf FromWireName(string wireName);
}

/// <summary>Reads and writes a generated enumeration by its wire name.</summary>
public sealed class WireEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IWireEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.FromWireName(reader.GetString()!)
            : throw new JsonException($"Expected a {typeof(T).Name} as a string, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.WireName ?? throw new JsonException($"The default {typeof(T).Name} has no wire name and cannot be written."));
}

/// <summary>
/// An enumeration member's wire form, for the generated records: each enumeration-typed property has a
/// string twin that the JSON context reads and writes, which its fast path writes directly (a converter on the
/// property would cost a nested serializer call per value).
/// </summary>
internal static class WireEnum
{
    public static string? ToWire<T>(T? value)
        where T : struct, IWireEnum<T> =>
        value is { } known ? known.WireName ?? throw new JsonException($"The default {typeof(T).Name} has no wire name and cannot be written.") : null;

    public static T? FromWire<T>(string? wireName)
        where T : struct, IWireEnum<T> =>
        wireName is null ? null : T.FromWireName(wireName);
}
