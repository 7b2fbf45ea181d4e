using System.Text.RegularExpressions;

namespace LocalSail.Lightsail.Model.Shapes;

/// <summary>The kinds of shape the Lightsail model's operations use.</summary>
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

/// <summary>A member of a structure: its wire name and its shape.</summary>
internal sealed record ShapeMember(string Name, Shape Shape);

/// <summary>
/// A shape of botocore's Lightsail model with its constraints, as the model declares them: the server
/// validates inputs against these, the command line builds its parameters, its client-side checks, its
/// skeletons and its reading of answers from them. The instances are generated (<c>LightsailShapes</c>).
/// </summary>
internal sealed class Shape
{
    // Built on first use; a race builds two equal expressions, and either serves (Regex is thread-safe).
    private Regex? _regex;

    private Shape(string name, ShapeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public ShapeType Type { get; }

    /// <summary>A structure's members, in the model's order (the order the AWS CLI prints in).</summary>
    public IReadOnlyList<ShapeMember> Members { get; private init; } = [];

    /// <summary>A structure's required members, in the model's order of its <c>required</c> list.</summary>
    public IReadOnlyList<string> Required { get; private init; } = [];

    /// <summary>The element shape of a list.</summary>
    public Shape? Member { get; private init; }

    /// <summary>A string's allowed values; empty when any value is allowed.</summary>
    public IReadOnlyList<string> EnumValues { get; private init; } = [];

    /// <summary>The minimum length of a string or list, or the minimum of a number.</summary>
    public long? Min { get; private init; }

    /// <summary>The maximum length of a string or list, or the maximum of a number.</summary>
    public long? Max { get; private init; }

    /// <summary>The regular expression a string must satisfy, as the model writes it.</summary>
    public string? Pattern { get; private init; }

    public bool IsScalar => Type is not (ShapeType.Structure or ShapeType.List);

    public ShapeMember? FindMember(string name)
    {
        foreach (var member in Members)
        {
            if (member.Name == name)
            {
                return member;
            }
        }

        return null;
    }

    public bool IsRequired(string memberName) => Required.Contains(memberName);

    /// <summary>
    /// Whether <paramref name="value"/> satisfies the pattern. The model's patterns are matched against the
    /// whole value, as the service's validator does. Values are short, so the interpreter is as quick as a
    /// compiled expression and costs nothing at start-up. The whole value is <c>\A...\z</c>: a pattern's own
    /// <c>$</c> also matches before a final newline, which the service's validator does not allow.
    /// </summary>
    public bool Matches(string value) =>
        Pattern is null || (_regex ??= new Regex($"\\A(?:{Pattern})\\z", RegexOptions.CultureInvariant)).IsMatch(value);

    public static Shape Structure(string name, ShapeMember[] members, string[] required) =>
        new(name, ShapeType.Structure) { Members = members, Required = required };

    public static Shape List(string name, Shape member, long? min = null, long? max = null) =>
        new(name, ShapeType.List) { Member = member, Min = min, Max = max };

    public static Shape String(string name, long? min = null, long? max = null, string? pattern = null, string[]? enumValues = null) =>
        new(name, ShapeType.String) { Min = min, Max = max, Pattern = pattern, EnumValues = enumValues ?? [] };

    public static Shape Scalar(string name, ShapeType type, long? min = null, long? max = null) =>
        new(name, type) { Min = min, Max = max };

    public override string ToString() => Name;
}
