using System.Globalization;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>
/// The shape table (every shape with its constraints: what inputs are validated against, what the command
/// line's parameters and skeletons are built from) and the operation table, as static fields.
/// </summary>
internal static class TablesEmitter
{
    private const int EnumValuesOnOneLine = 6;

    public static string EmitShapes(ServiceDescription model)
    {
        var writer = Header.Start(model).Line("namespace LocalSail.Lightsail.Model.Shapes;").Line();
        writer.Line("/// <summary>The shapes the served operations reach, each after the shapes it contains.</summary>");
        using (writer.Block("internal static class LightsailShapes"))
        {
            var fields = new HashSet<string>(StringComparer.Ordinal);
            var first = true;
            var previousMultiline = false;
            foreach (var description in model.Shapes)
            {
                var shape = description.Shape;
                var field = Names.Field(shape.Name);
                if (!fields.Add(field))
                {
                    throw new GeneratorException($"Two shapes would share the field {field}.");
                }

                // A structure (several lines) stands apart from its neighbours; one-line shapes run together.
                var multiline = shape.Type == ShapeType.Structure || shape.EnumValues.Count > EnumValuesOnOneLine;
                if (!first && (multiline || previousMultiline))
                {
                    writer.Line();
                }

                first = false;
                previousMultiline = multiline;
                Emit(writer, field, shape);
            }
        }

        return writer.ToString();
    }

    public static string EmitOperations(ServiceDescription model)
    {
        var writer = Header.Start(model, "LocalSail.Lightsail.Model.Serialization").Line("namespace LocalSail.Lightsail.Model.Shapes;").Line();
        writer.Line("/// <summary>The operations LocalSail serves: their shapes, their records and how the AWS CLI pages them.</summary>");
        using (writer.Block("internal static class LightsailOperations"))
        {
            foreach (var operation in model.Operations.Select(o => o.Model))
            {
                var request = Names.TypeName(model.Describe(operation.Input));
                var response = Names.TypeName(model.Describe(operation.Output));
                writer.Line($"public static readonly OperationModel<{request}, {response}> {Names.Field(operation.Name)} = new(");
                writer.Line($"    {CodeWriter.Literal(operation.Name)},");
                writer.Line($"    LightsailShapes.{Names.Field(operation.Input.Name)},");
                writer.Line($"    LightsailShapes.{Names.Field(operation.Output.Name)},");
                writer.Line($"    static () => LightsailJsonContext.Default.{request},");
                if (operation.Paginator is { } paginator)
                {
                    writer.Line($"    static () => LightsailJsonContext.Default.{response},");
                    writer.Line($"    new Paginator({CodeWriter.Literal(paginator.InputToken)}, {CodeWriter.Literal(paginator.OutputToken)}, {CodeWriter.Literal(paginator.ResultKey)}));");
                }
                else
                {
                    writer.Line($"    static () => LightsailJsonContext.Default.{response});");
                }

                writer.Line();
            }

            writer.Line("/// <summary>Every served operation, in the order of the list of served operations.</summary>");
            writer.Line("public static readonly IReadOnlyList<OperationModel> All =");
            writer.Line("[");
            foreach (var operation in model.Operations)
            {
                writer.Line($"    {Names.Field(operation.Model.Name)},");
            }

            writer.Line("];");
            writer.Line();
            writer.Line("/// <summary>The served operation of that wire name, or null.</summary>");
            writer.Line("public static OperationModel? Find(string name) => All.FirstOrDefault(operation => operation.Name == name);");
        }

        return writer.ToString();
    }

    private static void Emit(CodeWriter writer, string field, Shape shape)
    {
        var name = CodeWriter.Literal(shape.Name);
        switch (shape.Type)
        {
            case ShapeType.Structure:
                writer.Line($"public static readonly Shape {field} = Shape.Structure(");
                writer.Line($"    {name},");
                if (shape.Members.Count == 0)
                {
                    writer.Line("    [],");
                }
                else
                {
                    writer.Line("    [");
                    foreach (var member in shape.Members)
                    {
                        writer.Line($"        new({CodeWriter.Literal(member.Name)}, {Names.Field(member.Shape.Name)}),");
                    }

                    writer.Line("    ],");
                }

                writer.Line($"    [{string.Join(", ", shape.Required.Select(CodeWriter.Literal))}]);");
                break;
            case ShapeType.List:
                writer.Line($"public static readonly Shape {field} = Shape.List({Arguments(name, Names.Field(shape.Member!.Name), Bounds(shape))});");
                break;
            case ShapeType.String:
                var pattern = shape.Pattern is null ? null : "pattern: " + CodeWriter.Literal(shape.Pattern);
                if (shape.EnumValues.Count > EnumValuesOnOneLine)
                {
                    writer.Line($"public static readonly Shape {field} = Shape.String(");
                    writer.Line($"    {Arguments(name, Bounds(shape), pattern)},");
                    writer.Line("    enumValues:");
                    writer.Line("    [");
                    foreach (var value in shape.EnumValues)
                    {
                        writer.Line($"        {CodeWriter.Literal(value)},");
                    }

                    writer.Line("    ]);");
                    break;
                }

                var values = shape.EnumValues.Count == 0 ? null : $"enumValues: [{string.Join(", ", shape.EnumValues.Select(CodeWriter.Literal))}]";
                writer.Line($"public static readonly Shape {field} = Shape.String({Arguments(name, Bounds(shape), pattern, values)});");
                break;
            default:
                writer.Line($"public static readonly Shape {field} = Shape.Scalar({Arguments(name, "ShapeType." + shape.Type, Bounds(shape))});");
                break;
        }
    }

    private static string? Bounds(Shape shape) => Arguments(
        shape.Min is { } min ? "min: " + min.ToString(CultureInfo.InvariantCulture) : null,
        shape.Max is { } max ? "max: " + max.ToString(CultureInfo.InvariantCulture) : null);

    private static string? Arguments(params string?[] arguments)
    {
        var present = arguments.Where(a => !string.IsNullOrEmpty(a)).ToList();
        return present.Count == 0 ? null : string.Join(", ", present);
    }
}
