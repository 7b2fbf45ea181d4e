using System.Text.Json;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Hosting;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.ControlPlane.Model;

/// <summary>Every input shape LocalSail validates against is the one in botocore's Lightsail model.</summary>
public sealed class LightsailShapesTests
{
    [Fact]
    public async Task Every_served_operation_validates_against_the_models_input_shape()
    {
        using var model = await ExternalProcess.LoadBotocoreLightsailModelAsync();
        var operations = model.RootElement.GetProperty("operations");
        var shapes = model.RootElement.GetProperty("shapes");

        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var table = server.GetService<LightsailOperationTable>();
        foreach (var name in table.Names)
        {
            Assert.True(operations.TryGetProperty(name, out var operation), $"{name} is not an operation of the model");
            Assert.True(table.TryFind(name, out var served));
            var inputShape = operation.GetProperty("input").GetProperty("shape").GetString()!;
            AssertSameShape(served.Input, inputShape, shapes, name);
        }
    }

    private static void AssertSameShape(Shape ours, string modelName, JsonElement shapes, string path)
    {
        Assert.True(ours.Name == modelName, $"{path}: shape {ours.Name} should be {modelName}");
        var model = shapes.GetProperty(modelName);
        var type = model.GetProperty("type").GetString();
        switch (ours)
        {
            case StructureShape structure:
                Assert.Equal("structure", type);
                var members = model.GetProperty("members").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetProperty("shape").GetString()!);
                Assert.Equal(members.Keys.Order(), structure.Members.Select(m => m.Name).Order());
                var required = model.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).Order().ToList() : [];
                Assert.Equal(required, structure.Required.Order().ToList());
                foreach (var member in structure.Members)
                {
                    AssertSameShape(member.Shape, members[member.Name], shapes, $"{path}.{member.Name}");
                }

                break;
            case ListShape list:
                Assert.Equal("list", type);
                AssertBounds(model, list.Min, list.Max, path);
                AssertSameShape(list.Member, model.GetProperty("member").GetProperty("shape").GetString()!, shapes, $"{path}[]");
                break;
            case StringShape text:
                Assert.Equal("string", type);
                AssertBounds(model, text.Min, text.Max, path);
                Assert.Equal(model.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null, text.Pattern);
                var values = model.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(v => v.GetString()!).ToList() : null;
                Assert.Equal(values, text.Enum?.ToList());
                break;
            case IntegerShape integer:
                Assert.Equal("integer", type);
                AssertBounds(model, integer.Min, integer.Max, path);
                break;
            case BooleanShape:
                Assert.Equal("boolean", type);
                break;
            case TimestampShape:
                Assert.Equal("timestamp", type);
                break;
            case FloatShape:
                Assert.Equal("float", type);
                break;
            default:
                Assert.Fail($"{path}: unexpected shape {ours}");
                break;
        }
    }

    private static void AssertBounds(JsonElement model, int? min, int? max, string path)
    {
        Assert.True((model.TryGetProperty("min", out var lo) ? lo.GetInt32() : (int?)null) == min, $"{path}: min");
        Assert.True((model.TryGetProperty("max", out var hi) ? hi.GetInt32() : (int?)null) == max, $"{path}: max");
    }
}
