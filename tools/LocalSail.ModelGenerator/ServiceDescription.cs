using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator;

/// <summary>
/// The part of the service model the served operations reach, read into the runtime's own shape and
/// operation tables, with what only the generated source needs beside them (documentation, roles).
/// </summary>
internal sealed class ServiceDescription
{
    /// <summary>The model's uid, such as <c>lightsail-2016-11-28</c>.</summary>
    public required string Uid { get; init; }

    /// <summary>The served operations, in the order of the list of served operations.</summary>
    public required IReadOnlyList<OperationDescription> Operations { get; init; }

    /// <summary>Every shape the operations reach, each after the shapes it contains.</summary>
    public required IReadOnlyList<ShapeDescription> Shapes { get; init; }

    public ShapeDescription Describe(Shape shape) => Shapes.Single(s => ReferenceEquals(s.Shape, shape));
}

internal sealed record OperationDescription(OperationModel Model, string? Documentation);

/// <summary>How a structure is used: an operation's input, its output (a response), or inside another shape.</summary>
internal enum ShapeRole
{
    Nested,
    Input,
    Output,
}

internal sealed record ShapeDescription(
    Shape Shape,
    ShapeRole Role,
    string? Documentation,
    IReadOnlyDictionary<string, MemberDescription> Members);

internal sealed record MemberDescription(string? Documentation, bool Deprecated);

/// <summary>The model asks for something the generator does not know how to generate; the message says what.</summary>
internal sealed class GeneratorException(string message) : Exception(message);
