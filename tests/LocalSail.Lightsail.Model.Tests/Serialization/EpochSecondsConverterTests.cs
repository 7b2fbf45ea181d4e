using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;

namespace LocalSail.Lightsail.Model.Tests.Serialization;

public sealed class EpochSecondsConverterTests
{
    [Fact]
    public void Reads_epoch_seconds_with_decimal_precision()
    {
        // As a double, 1700000000.1234567 is 1700000000.1234567165...: the decimal reading is exact, to the tick.
        var read = Read("""{"createdAt":1700000000.1234567}""").CreatedAt;

        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(17_000_000_001_234_567), read);
        Assert.Equal(TimeSpan.Zero, read!.Value.Offset);
    }

    [Theory]
    [InlineData("\"1700000000.5\"")]
    [InlineData("\"2023-11-14T22:13:20.5Z\"")]
    [InlineData("\"2023-11-14T22:13:20.5\"")]
    [InlineData("\"2023-11-15T00:13:20.5+02:00\"")]
    public void Reads_text_as_epoch_seconds_or_ISO_8601_in_UTC_unless_it_says_otherwise(string createdAt)
    {
        var read = Read($$"""{"createdAt":{{createdAt}}}""").CreatedAt;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), read);
        Assert.Equal(TimeSpan.Zero, read!.Value.Offset);
    }

    [Theory]
    [InlineData("-100000000000")]
    [InlineData("253402300800")]
    [InlineData("1e300")]
    [InlineData("true")]
    [InlineData("\"yesterday\"")]
    public void Refuses_what_is_not_a_time_of_the_calendar(string createdAt)
    {
        Assert.Throws<JsonException>(() => Read($$"""{"createdAt":{{createdAt}}}"""));
        using var document = JsonDocument.Parse(createdAt);
        Assert.False(EpochSecondsConverter.TryRead(document.RootElement, out _));
    }

    [Fact]
    public void Writes_epoch_seconds_to_the_millisecond()
    {
        var key = new AccessKey { CreatedAt = DateTimeOffset.UnixEpoch.AddTicks(17_000_000_001_239_999) };

        Assert.Equal("""{"createdAt":1700000000.123}""", JsonSerializer.Serialize(key, LightsailJsonContext.Default.AccessKey));
        Assert.Equal("""{"createdAt":1700000000}""", JsonSerializer.Serialize(new AccessKey { CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) }, LightsailJsonContext.Default.AccessKey));
    }

    private static AccessKey Read(string json) => JsonSerializer.Deserialize(json, LightsailJsonContext.Default.AccessKey)!;
}
