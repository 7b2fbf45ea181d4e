using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;

namespace LocalSail.Lightsail.Model.Tests.Serialization;

/// <summary>The generated enumerations: the model's values by name, and any other value kept as the wire spelled it.</summary>
public sealed class WireEnumTests
{
    [Fact]
    public void A_value_the_model_lists_is_read_and_written_by_its_wire_name()
    {
        var unit = JsonSerializer.Deserialize("""{"unit":"Bytes/Second"}""", LightsailJsonContext.Default.MetricDatapoint)!.Unit;

        Assert.Equal(MetricUnit.BytesSecond, unit);
        Assert.True(unit!.Value.IsRecognized);
        Assert.Equal("Bytes/Second", unit.Value.ToString());
        Assert.Equal("""{"unit":"Bytes/Second"}""", JsonSerializer.Serialize(new MetricDatapoint { Unit = MetricUnit.BytesSecond }, LightsailJsonContext.Default.MetricDatapoint));
    }

    [Fact]
    public void A_value_the_model_does_not_list_is_unrecognized_and_written_back_as_it_came()
    {
        var operation = JsonSerializer.Deserialize("""{"operationType":"TagResource","status":"Paused"}""", LightsailJsonContext.Default.Operation)!;

        Assert.Equal(OperationType.Unrecognized, operation.OperationType);
        Assert.False(operation.OperationType!.Value.IsRecognized);
        Assert.Equal("TagResource", operation.OperationType.Value.WireName);
        Assert.Equal(OperationStatus.Unrecognized, operation.Status);
        Assert.Equal("""{"operationType":"TagResource","status":"Paused"}""", JsonSerializer.Serialize(operation, LightsailJsonContext.Default.Operation));
    }

    [Fact]
    public void Values_compare_as_an_enums_do()
    {
        Assert.Equal(StatusType.Active, StatusType.FromWireName("Active"));
        Assert.NotEqual(StatusType.Active, StatusType.Inactive);
        Assert.True(StatusType.FromWireName("Suspended") == StatusType.FromWireName("Revoked"));
        Assert.Equal(StatusType.Unrecognized.GetHashCode(), StatusType.FromWireName("Suspended").GetHashCode());
        Assert.Equal([StatusType.Active, StatusType.Inactive], StatusType.Values);
        Assert.Equal("us-east-1", RegionName.UsEast1.WireName);
    }

    [Fact]
    public void The_default_value_has_no_wire_name_and_is_not_written()
    {
        Assert.Null(default(StatusType).WireName);
        Assert.Equal("Unrecognized", default(StatusType).ToString());
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(new AccessKey { Status = default(StatusType) }, LightsailJsonContext.Default.AccessKey));
    }

    [Fact]
    public void A_value_that_is_not_a_string_is_refused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"status":1}""", LightsailJsonContext.Default.AccessKey));
}
