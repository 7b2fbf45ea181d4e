using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BPAStatusMessage</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(BPAStatusMessageJsonConverter))]
public enum BPAStatusMessage
{
    Unrecognized = 0,
    DefaultedForSlrMissing,
    SyncOnHold,
    DefaultedForSlrMissingOnHold,
    Unknown,
}

/// <summary>Converts <see cref="BPAStatusMessage"/> to and from its wire names.</summary>
public sealed class BPAStatusMessageJsonConverter : JsonConverter<BPAStatusMessage>
{
    public static string ToWireName(BPAStatusMessage value) => value switch
    {
        BPAStatusMessage.DefaultedForSlrMissing => "DEFAULTED_FOR_SLR_MISSING",
        BPAStatusMessage.SyncOnHold => "SYNC_ON_HOLD",
        BPAStatusMessage.DefaultedForSlrMissingOnHold => "DEFAULTED_FOR_SLR_MISSING_ON_HOLD",
        BPAStatusMessage.Unknown => "Unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized BPAStatusMessage cannot be sent."),
    };

    public static BPAStatusMessage FromWireName(string? name) => name switch
    {
        "DEFAULTED_FOR_SLR_MISSING" => BPAStatusMessage.DefaultedForSlrMissing,
        "SYNC_ON_HOLD" => BPAStatusMessage.SyncOnHold,
        "DEFAULTED_FOR_SLR_MISSING_ON_HOLD" => BPAStatusMessage.DefaultedForSlrMissingOnHold,
        "Unknown" => BPAStatusMessage.Unknown,
        _ => BPAStatusMessage.Unrecognized,
    };

    public override BPAStatusMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, BPAStatusMessage value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
