using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Lightsail.Model.Serialization;

/// <summary>
/// The AWS JSON protocol's timestamps: epoch seconds as a JSON number. They are read with decimal precision,
/// as the SDKs send them (<c>1700000000.123</c> is exactly that), and also from text (epoch seconds or ISO
/// 8601, UTC unless it says otherwise), as the SDKs read them; they are written to the millisecond, the
/// milliseconds as a fraction. The one reading of a timestamp: the server's validator asks it too.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Whole seconds (what botocore sends) are read as an integer first: exact, and cheaper than a decimal.
        if (reader.TokenType == JsonTokenType.Number
            && (reader.TryGetInt64(out var whole) ? TryFromEpochSeconds(whole, out var time) : reader.TryGetDecimal(out var seconds) && TryFromEpochSeconds(seconds, out time)))
        {
            return time;
        }

        if (reader.TokenType == JsonTokenType.String && TryParse(reader.GetString()!, out time))
        {
            return time;
        }

        throw new JsonException($"Expected a timestamp (epoch seconds or ISO 8601), found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToEpochSeconds(value));

    /// <summary>Epoch seconds with the milliseconds as a fraction (truncated to the millisecond).</summary>
    public static decimal ToEpochSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000m;

    /// <summary>The time <paramref name="seconds"/> after the epoch; false outside the years 1 to 9999.</summary>
    public static bool TryFromEpochSeconds(long seconds, out DateTimeOffset value)
    {
        var inRange = seconds >= MinSeconds && seconds <= MaxSeconds;
        value = inRange ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default;
        return inRange;
    }

    /// <summary>The time <paramref name="seconds"/> after the epoch, to the tick; false outside the years 1 to 9999.</summary>
    public static bool TryFromEpochSeconds(decimal seconds, out DateTimeOffset value)
    {
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            value = default;
            return false;
        }

        var ticks = DateTimeOffset.UnixEpoch.UtcTicks + (long)decimal.Round(seconds * TimeSpan.TicksPerSecond);
        var inRange = ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
        value = inRange ? new DateTimeOffset(ticks, TimeSpan.Zero) : default;
        return inRange;
    }

    /// <summary>A timestamp written as text: epoch seconds, or ISO 8601 (UTC unless it names an offset); the time is given in UTC.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryFromEpochSeconds(seconds, out value);
        }

        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
        value = value.ToUniversalTime();
        return parsed;
    }

    /// <summary>Whether <paramref name="element"/> is a timestamp this converter reads, and which.</summary>
    public static bool TryRead(JsonElement element, out DateTimeOffset value)
    {
        value = default;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out var whole)
                ? TryFromEpochSeconds(whole, out value)
                : element.TryGetDecimal(out var seconds) && TryFromEpochSeconds(seconds, out value),
            JsonValueKind.String => TryParse(element.GetString()!, out value),
            _ => false,
        };
    }
}
