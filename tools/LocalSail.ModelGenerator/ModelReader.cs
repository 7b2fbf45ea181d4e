using System.Text.Json;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator;

/// <summary>
/// Reads botocore's service model (and its paginators) for the served operations: every shape they reach,
/// with its constraints. Anything the generated code could not be faithful to (another protocol, a map, a
/// member renamed on the wire, a timestamp format) is refused with a message rather than generated wrong.
/// </summary>
internal sealed class ModelReader
{
    private static readonly HashSet<string> KnownShapeKeys =
    [
        "type", "members", "required", "member", "min", "max", "pattern", "enum", "documentation", "sensitive",
        "deprecated", "deprecatedMessage", "exception", "fault", "error", "box",
    ];

    private static readonly HashSet<string> KnownMemberKeys = ["shape", "documentation", "deprecated", "deprecatedMessage", "box"];

    private readonly JsonElement _shapes;
    private readonly Dictionary<string, Shape> _built = new(StringComparer.Ordinal);
    private readonly HashSet<string> _building = new(StringComparer.Ordinal);
    private readonly List<ShapeDescription> _described = [];
    private readonly Dictionary<string, ShapeRole> _roles = new(StringComparer.Ordinal);

    private ModelReader(JsonElement shapes) => _shapes = shapes;

    public static ServiceDescription Read(JsonElement service, JsonElement? paginators, IReadOnlyList<string> operationNames)
    {
        var metadata = service.GetProperty("metadata");
        if (metadata.GetProperty("protocol").GetString() != "json")
        {
            throw new GeneratorException("The model's protocol is not json; LocalSail speaks the AWS JSON protocol only.");
        }

        var reader = new ModelReader(service.GetProperty("shapes"));
        var operations = service.GetProperty("operations");
        foreach (var name in operationNames)
        {
            if (!operations.TryGetProperty(name, out var operation))
            {
                throw new GeneratorException($"The model has no operation {name}.");
            }

            reader.AssignRole(operation, "input", ShapeRole.Input, name);
            reader.AssignRole(operation, "output", ShapeRole.Output, name);
        }

        var described = new List<OperationDescription>();
        foreach (var name in operationNames)
        {
            var operation = operations.GetProperty(name);
            var input = reader.Build(operation.GetProperty("input").GetProperty("shape").GetString()!);
            var output = reader.Build(operation.GetProperty("output").GetProperty("shape").GetString()!);
            var model = new OperationModel(name, input, output, ReadPaginator(paginators, name, input, output));
            described.Add(new OperationDescription(model, Text(operation, "documentation")));
        }

        return new ServiceDescription
        {
            Uid = metadata.GetProperty("uid").GetString()!,
            Operations = described,
            Shapes = reader._described,
        };
    }

    private void AssignRole(JsonElement operation, string direction, ShapeRole role, string operationName)
    {
        if (!operation.TryGetProperty(direction, out var reference))
        {
            throw new GeneratorException($"The operation {operationName} has no {direction} shape.");
        }

        var name = reference.GetProperty("shape").GetString()!;
        if (_roles.TryGetValue(name, out var existing) && existing != role)
        {
            throw new GeneratorException($"The shape {name} is both an operation's input and an operation's output.");
        }

        _roles[name] = role;
    }

    private Shape Build(string name)
    {
        if (_built.TryGetValue(name, out var done))
        {
            return done;
        }

        if (!_building.Add(name))
        {
            throw new GeneratorException($"The shape {name} contains itself; recursive shapes are not supported.");
        }

        if (!_shapes.TryGetProperty(name, out var json))
        {
            throw new GeneratorException($"The model has no shape {name}.");
        }

        RefuseUnknownKeys(json, KnownShapeKeys, $"shape {name}");
        var members = new Dictionary<string, MemberDescription>(StringComparer.Ordinal);
        var type = json.GetProperty("type").GetString();
        var shape = type switch
        {
            "structure" => BuildStructure(name, json, members),
            "list" => Shape.List(name, Build(json.GetProperty("member").GetProperty("shape").GetString()!), Bound(json, "min"), Bound(json, "max")),
            "string" => Shape.String(name, Bound(json, "min"), Bound(json, "max"), Text(json, "pattern"), Strings(json, "enum")),
            "boolean" => Shape.Scalar(name, ShapeType.Boolean),
            "integer" => Shape.Scalar(name, ShapeType.Integer, Bound(json, "min"), Bound(json, "max")),
            "long" => Shape.Scalar(name, ShapeType.Long, Bound(json, "min"), Bound(json, "max")),
            "float" => Shape.Scalar(name, ShapeType.Float),
            "double" => Shape.Scalar(name, ShapeType.Double),
            "timestamp" => Shape.Scalar(name, ShapeType.Timestamp),
            _ => throw new GeneratorException($"The shape {name} is a {type}, which the generator does not support."),
        };

        if (type == "list" && json.GetProperty("member").EnumerateObject().Any(p => p.Name != "shape"))
        {
            throw new GeneratorException($"The list {name} renames its members on the wire, which the generator does not support.");
        }

        var role = _roles.GetValueOrDefault(name, ShapeRole.Nested);
        if (role != ShapeRole.Nested && type != "structure")
        {
            throw new GeneratorException($"The operation shape {name} is not a structure.");
        }

        _building.Remove(name);
        _built[name] = shape;
        _described.Add(new ShapeDescription(shape, role, Text(json, "documentation"), members));
        return shape;
    }

    private Shape BuildStructure(string name, JsonElement json, Dictionary<string, MemberDescription> descriptions)
    {
        var members = new List<ShapeMember>();
        foreach (var member in json.GetProperty("members").EnumerateObject())
        {
            RefuseUnknownKeys(member.Value, KnownMemberKeys, $"member {name}.{member.Name}");
            var memberShape = member.Value.GetProperty("shape").GetString()!;
            if (_roles.GetValueOrDefault(memberShape, ShapeRole.Nested) != ShapeRole.Nested)
            {
                throw new GeneratorException($"The member {name}.{member.Name} is an operation's input or output shape ({memberShape}).");
            }

            members.Add(new ShapeMember(member.Name, Build(memberShape)));
            descriptions[member.Name] = new MemberDescription(
                Text(member.Value, "documentation"),
                member.Value.TryGetProperty("deprecated", out var deprecated) && deprecated.ValueKind == JsonValueKind.True);
        }

        var required = Strings(json, "required") ?? [];
        foreach (var requiredName in required)
        {
            if (!descriptions.ContainsKey(requiredName))
            {
                throw new GeneratorException($"The structure {name} requires {requiredName}, which is not one of its members.");
            }
        }

        return Shape.Structure(name, [.. members], required);
    }

    private static Paginator? ReadPaginator(JsonElement? paginators, string operationName, Shape input, Shape output)
    {
        if (paginators is not { } all || !all.GetProperty("pagination").TryGetProperty(operationName, out var pagination))
        {
            return null;
        }

        string Single(string key) => pagination.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new GeneratorException($"The paginator of {operationName} has no single {key}; the generator supports single tokens and result lists only.");

        var paginator = new Paginator(Single("input_token"), Single("output_token"), Single("result_key"));
        if (input.FindMember(paginator.InputToken) is null || output.FindMember(paginator.OutputToken) is null || output.FindMember(paginator.ResultKey) is null)
        {
            throw new GeneratorException($"The paginator of {operationName} names members its shapes do not have.");
        }

        return paginator;
    }

    private static void RefuseUnknownKeys(JsonElement json, HashSet<string> known, string what)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new GeneratorException($"The {what} has '{property.Name}', which the generator does not know; teach it before generating.");
            }
        }
    }

    private static long? Bound(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetInt64() : null;

    private static string? Text(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string[]? Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : null;
}
