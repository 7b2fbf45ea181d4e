using System.Text;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>The C# names and types of the model's shapes, members and enumeration values.</summary>
internal static class Names
{
    // Names the generated code or the model's runtime already use, which a shape, member or value must not take.
    private static readonly HashSet<string> ReservedTypes =
    [
        "Shape", "ShapeMember", "ShapeType", "OperationModel", "Paginator", "LightsailShapes", "LightsailOperations",
        "LightsailResponse", "LightsailJsonContext", "LightsailErrorBody", "EpochSecondsConverter", "LightsailClient",
    ];

    private static readonly HashSet<string> ReservedFields = ["Shape", "ShapeMember", "ShapeType", "OperationModel", "Paginator", "All", "Find"];

    private static readonly HashSet<string> ReservedProperties = ["RequestId", "HttpStatusCode", "GetType", "GetHashCode", "Equals", "ToString"];

    private static readonly HashSet<string> ReservedValues =
        ["Unrecognized", "Values", "WireName", "IsRecognized", "FromWireName", "GetType", "GetHashCode", "Equals", "ToString"];

    /// <summary>
    /// The class or struct a shape is generated as: its own name, except that an operation's output is a
    /// <c>...Response</c> (the model's <c>CreateBucketResult</c> is <c>CreateBucketResponse</c>), as in the AWS SDK for .NET.
    /// </summary>
    public static string TypeName(ShapeDescription shape)
    {
        var name = Pascal(shape.Shape.Name);
        if (shape.Role == ShapeRole.Output)
        {
            name = (name.EndsWith("Result", StringComparison.Ordinal) ? name[..^"Result".Length] : name) + "Response";
        }

        return ReservedTypes.Contains(name) ? throw new GeneratorException($"The shape {shape.Shape.Name} would be generated as {name}, a name LocalSail already uses.") : name;
    }

    /// <summary>The C# type of a member of this shape (nullable: every member may be absent on the wire).</summary>
    public static string MemberType(ServiceDescription model, Shape shape) => shape.Type switch
    {
        ShapeType.Structure => TypeName(model.Describe(shape)),
        ShapeType.List => $"List<{ElementType(model, shape.Member!)}>",
        ShapeType.String when shape.EnumValues.Count > 0 => TypeName(model.Describe(shape)),
        _ => ElementType(model, shape),
    };

    private static string ElementType(ServiceDescription model, Shape shape) => shape.Type switch
    {
        ShapeType.String when shape.EnumValues.Count == 0 => "string",
        ShapeType.Integer => "int",
        ShapeType.Long => "long",
        ShapeType.Boolean => "bool",
        ShapeType.Float => "float",
        ShapeType.Double => "double",
        ShapeType.Timestamp => "DateTimeOffset",
        _ => MemberType(model, shape),
    };

    /// <summary>A member's property name: <c>bucketName</c> is <c>BucketName</c>.</summary>
    public static string Property(string memberName, string typeName)
    {
        var name = Pascal(memberName);
        return name == typeName || ReservedProperties.Contains(name)
            ? throw new GeneratorException($"The member {typeName}.{memberName} would be generated as {name}, which C# or LocalSail does not allow there.")
            : name;
    }

    /// <summary>The field of <c>LightsailShapes</c> or <c>LightsailOperations</c> that holds a shape or operation.</summary>
    public static string Field(string modelName)
    {
        var name = Pascal(modelName);
        return ReservedFields.Contains(name) ? throw new GeneratorException($"The model name {modelName} would be generated as the field {name}, a name LocalSail already uses.") : name;
    }

    /// <summary>
    /// An enumeration value's name: the wire value's words, each capitalized (<c>us-east-1</c> is
    /// <c>UsEast1</c>, <c>Bytes/Second</c> is <c>BytesSecond</c>, <c>SYNC_ON_HOLD</c> is <c>SyncOnHold</c>).
    /// </summary>
    public static string EnumValue(string wireName, string typeName)
    {
        var builder = new StringBuilder();
        foreach (var word in wireName.Split(c => !char.IsAsciiLetterOrDigit(c)))
        {
            var allCapitals = word.Length > 1 && word.All(c => !char.IsAsciiLetterLower(c));
            builder.Append(char.ToUpperInvariant(word[0])).Append(allCapitals ? word[1..].ToLowerInvariant() : word[1..]);
        }

        var name = builder.Length > 0 && char.IsAsciiDigit(builder[0]) ? "Value" + builder : builder.ToString();
        return name.Length == 0 || name == typeName || ReservedValues.Contains(name)
            ? throw new GeneratorException($"The {typeName} value '{wireName}' would be generated as '{name}', which C# or LocalSail does not allow there.")
            : name;
    }

    private static string Pascal(string name)
    {
        var builder = new StringBuilder();
        foreach (var word in name.Split(c => !char.IsAsciiLetterOrDigit(c)))
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }

        return builder.Length == 0 || char.IsAsciiDigit(builder[0])
            ? throw new GeneratorException($"The model name '{name}' cannot be made a C# name.")
            : builder.ToString();
    }

    private static IEnumerable<string> Split(this string text, Func<char, bool> isSeparator)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || isSeparator(text[i]))
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i + 1;
            }
        }
    }
}
