namespace LocalSail.Cli.Lightsail.Model;

internal enum ShapeType
{
    Structure,
    List,
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
    Timestamp,
}

internal sealed record ShapeMember(string Name, Shape Shape);

/// <summary>
/// A shape of the service model, as much of it as the command line needs: member order (the order the
/// AWS CLI prints in), required members, list members, enum values and the minimums botocore validates.
/// </summary>
internal sealed class Shape
{
    private Shape(string name, ShapeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public ShapeType Type { get; }

    public IReadOnlyList<ShapeMember> Members { get; private init; } = [];

    public IReadOnlySet<string> Required { get; private init; } = new HashSet<string>();

    /// <summary>The element shape of a list.</summary>
    public Shape? Member { get; private init; }

    public IReadOnlyList<string> EnumValues { get; private init; } = [];

    /// <summary>The minimum length of a string or list, or the minimum of a number.</summary>
    public long? Min { get; private init; }

    public bool IsScalar => Type is not (ShapeType.Structure or ShapeType.List);

    public ShapeMember? FindMember(string name) => Members.FirstOrDefault(m => m.Name == name);

    public static Shape Structure(string name, ShapeMember[] members, string[] required) =>
        new(name, ShapeType.Structure) { Members = members, Required = new HashSet<string>(required, StringComparer.Ordinal) };

    public static Shape List(string name, Shape member, long? min = null) =>
        new(name, ShapeType.List) { Member = member, Min = min };

    public static Shape String(string name, long? min = null, string[]? enumValues = null) =>
        new(name, ShapeType.String) { Min = min, EnumValues = enumValues ?? [] };

    public static Shape Scalar(string name, ShapeType type, long? min = null) =>
        new(name, type) { Min = min };

    public override string ToString() => Name;
}

/// <summary>How the AWS CLI pages an operation: which input token, output token and result list.</summary>
internal sealed record Paginator(string InputToken, string OutputToken, string ResultKey);

internal sealed record OperationModel(string Name, Shape Input, Shape Output, Paginator? Paginator = null)
{
    /// <summary>The AWS CLI's name for the operation, such as <c>create-bucket-access-key</c>.</summary>
    public string CliName { get; } = CliNames.ToCliName(Name);
}
