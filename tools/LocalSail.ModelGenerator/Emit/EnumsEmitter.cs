using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>
/// The string enumerations, as structs that keep an unknown wire value (<c>IWireEnum</c> says why): a static
/// member per value of the model, <c>Unrecognized</c>, <c>Values</c>, and reading from the wire name.
/// </summary>
internal static class EnumsEmitter
{
    public static string Emit(ServiceDescription model)
    {
        var writer = Header.Start(model, "System.Text.Json.Serialization", "LocalSail.Lightsail.Model.Serialization").Line("namespace LocalSail.Lightsail.Model;");
        var enumerations = model.Shapes.Where(s => s.Shape.Type == ShapeType.String && s.Shape.EnumValues.Count > 0).OrderBy(Names.TypeName, StringComparer.Ordinal);
        foreach (var enumeration in enumerations)
        {
            var type = Names.TypeName(enumeration);
            var values = enumeration.Shape.EnumValues.Select(wire => (Wire: wire, Name: Names.EnumValue(wire, type))).ToList();
            if (values.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
            {
                throw new GeneratorException($"The {type} values {string.Join(" and ", clash.Select(v => $"'{v.Wire}'"))} would share the name {clash.Key}.");
            }

            writer.Line();
            Documentation.Write(
                writer,
                enumeration.Documentation,
                $"The values of the model's {enumeration.Shape.Name}. A value the model does not list is kept by its wire name and equals Unrecognized.");
            writer.Line($"[JsonConverter(typeof(WireEnumJsonConverter<{type}>))]");
            using (writer.Block($"public readonly struct {type} : IWireEnum<{type}>"))
            {
                writer.Line("// 0 for a value the model does not list (and the default); otherwise the value's place in Values, from 1.");
                writer.Line("private readonly int _ordinal;");
                writer.Line();
                using (writer.Block($"private {type}(int ordinal, string? wireName)"))
                {
                    writer.Line("_ordinal = ordinal;");
                    writer.Line("WireName = wireName;");
                }

                for (var i = 0; i < values.Count; i++)
                {
                    writer.Line();
                    writer.Line($"/// <summary><c>{Documentation.Escape(values[i].Wire)}</c></summary>");
                    writer.Line($"public static {type} {values[i].Name} {{ get; }} = new({i + 1}, {CodeWriter.Literal(values[i].Wire)});");
                }

                writer.Line();
                writer.Line("/// <summary>What every value the model does not list equals (and the default value).</summary>");
                writer.Line($"public static {type} Unrecognized => default;");
                writer.Line();
                writer.Line("/// <summary>Every value the model lists, in its order.</summary>");
                writer.Line($"public static IReadOnlyList<{type}> Values {{ get; }} =");
                writer.Line("[");
                foreach (var (_, name) in values)
                {
                    writer.Line($"    {name},");
                }

                writer.Line("];");
                writer.Line();
                writer.Line("public string? WireName { get; }");
                writer.Line();
                writer.Line("public bool IsRecognized => _ordinal != 0;");
                writer.Line();
                writer.Line($"public static {type} FromWireName(string wireName) => wireName switch");
                writer.Line("{");
                foreach (var (wire, name) in values)
                {
                    writer.Line($"    {CodeWriter.Literal(wire)} => {name},");
                }

                writer.Line("    _ => new(0, wireName),");
                writer.Line("};");
                writer.Line();
                writer.Line($"public static bool operator ==({type} left, {type} right) => left.Equals(right);");
                writer.Line();
                writer.Line($"public static bool operator !=({type} left, {type} right) => !left.Equals(right);");
                writer.Line();
                writer.Line($"public bool Equals({type} other) => _ordinal == other._ordinal;");
                writer.Line();
                writer.Line($"public override bool Equals(object? obj) => obj is {type} other && Equals(other);");
                writer.Line();
                writer.Line("public override int GetHashCode() => _ordinal;");
                writer.Line();
                writer.Line("public override string ToString() => WireName ?? nameof(Unrecognized);");
            }
        }

        return writer.ToString();
    }
}
