using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Serialization;

/// <summary>
/// Timestamps travel as epoch seconds with a fraction (JSON numbers). ISO 8601 strings are accepted
/// too, as the AWS SDKs accept them.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FromEpochSeconds(reader.GetDecimal());
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return FromEpochSeconds(seconds);
            }

            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        throw new JsonException($"Expected a timestamp, found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToEpochSeconds(value));

    public static DateTimeOffset FromEpochSeconds(decimal seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>Epoch seconds with the milliseconds as a fraction, as the AWS SDKs send them.</summary>
    public static decimal ToEpochSeconds(DateTimeOffset value) =>
        decimal.Round((decimal)(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond, 3);
}
