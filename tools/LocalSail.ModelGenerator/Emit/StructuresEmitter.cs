using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>
/// The requests, responses and the structures inside them: a class per structure, a nullable property per
/// member (absent members are left out of the JSON), named on the wire as the model names them. An
/// enumeration-typed member is read and written through an internal string twin (<c>WireEnum</c> says why).
/// </summary>
internal static class StructuresEmitter
{
    public static string Emit(ServiceDescription model)
    {
        var writer = Header.Start(model, "System.Text.Json.Serialization", "LocalSail.Lightsail.Model.Serialization").Line("namespace LocalSail.Lightsail.Model;");
        var structures = model.Shapes.Where(s => s.Shape.Type == ShapeType.Structure).OrderBy(Names.TypeName, StringComparer.Ordinal);
        foreach (var structure in structures)
        {
            var typeName = Names.TypeName(structure);
            writer.Line();
            var about = structure.Role switch
            {
                ShapeRole.Input => $"The input of {OperationOf(model, structure.Shape)} (the model's {structure.Shape.Name}).",
                ShapeRole.Output => $"The answer of {OperationOf(model, structure.Shape)} (the model's {structure.Shape.Name}).",
                _ => structure.Documentation is null ? $"The model's {structure.Shape.Name}." : null,
            };
            Documentation.Write(writer, structure.Documentation, about is null ? [] : [about]);
            var baseType = structure.Role == ShapeRole.Output ? " : LightsailResponse" : string.Empty;
            using (writer.Block($"public sealed partial class {typeName}{baseType}"))
            {
                var first = true;
                foreach (var member in structure.Shape.Members)
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    first = false;
                    var description = structure.Members[member.Name];
                    var notes = new List<string>();
                    if (structure.Shape.IsRequired(member.Name))
                    {
                        notes.Add("Required.");
                    }

                    if (description.Deprecated)
                    {
                        notes.Add("Deprecated.");
                    }

                    Documentation.Write(writer, description.Documentation, [.. notes]);
                    var type = Names.MemberType(model, member.Shape);
                    var property = Names.Property(member.Name, typeName);
                    var isEnumeration = member.Shape.Type == ShapeType.String && member.Shape.EnumValues.Count > 0;
                    if (isEnumeration)
                    {
                        writer.Line("[JsonIgnore]");
                        writer.Line($"public {type}? {property} {{ get; set; }}");
                        writer.Line();
                        writer.Line($"[JsonInclude]");
                    }

                    writer.Line($"[JsonPropertyName({CodeWriter.Literal(member.Name)})]");
                    if (WireQuirks.WrittenAsNull.Contains((structure.Shape.Name, member.Name)))
                    {
                        writer.Line("[JsonIgnore(Condition = JsonIgnoreCondition.Never)]");
                    }

                    if (isEnumeration)
                    {
                        writer.Line($"internal string? {property}WireName");
                        writer.Line("{");
                        writer.Line($"    get => WireEnum.ToWire({property});");
                        writer.Line($"    set => {property} = WireEnum.FromWire<{type}>(value);");
                        writer.Line("}");
                    }
                    else
                    {
                        writer.Line($"public {type}? {property} {{ get; set; }}");
                    }
                }
            }
        }

        return writer.ToString();
    }

    private static string OperationOf(ServiceDescription model, Shape shape) =>
        string.Join(" and ", model.Operations.Where(o => o.Model.Input == shape || o.Model.Output == shape).Select(o => o.Model.Name));
}
