using System.Text.RegularExpressions;

namespace LocalSail.Server.ControlPlane.Model;

/// <summary>
/// A shape of the Lightsail model: the type and constraints of a member, as botocore's service model
/// declares them. Inputs are validated against these before any handler runs.
/// </summary>
public abstract record Shape(string Name);

public sealed record StringShape(string Name, int? Min = null, int? Max = null, string? Pattern = null, IReadOnlyList<string>? Enum = null) : Shape(Name)
{
    // The model's patterns are matched against the whole value, as the service's validator does. Values
    // are short, so the interpreter is as quick as a compiled regex and costs nothing at start-up.
    private readonly Regex? _regex = Pattern is null ? null : new Regex($"^(?:{Pattern})$", RegexOptions.CultureInvariant);

    public bool Matches(string value) => _regex is null || _regex.IsMatch(value);
}

public sealed record BooleanShape(string Name) : Shape(Name);

public sealed record IntegerShape(string Name, int? Min = null, int? Max = null) : Shape(Name);

public sealed record FloatShape(string Name) : Shape(Name);

public sealed record TimestampShape(string Name) : Shape(Name);

public sealed record ListShape(string Name, Shape Member, int? Min = null, int? Max = null) : Shape(Name);

public sealed record StructureShape(string Name, IReadOnlyList<ShapeMember> Members, IReadOnlyList<string> Required) : Shape(Name);

public sealed record ShapeMember(string Name, Shape Shape);
