using System.Reflection;
using System.Text;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.ModelGenerator.Emit;

namespace LocalSail.ModelGenerator.Tests;

/// <summary>The checked-in generated source is what the installed botocore's model generates, and what it compiles to.</summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public void The_checked_in_generated_files_are_what_the_installed_botocore_model_generates()
    {
        var generated = InstalledModel.Generate();
        var stale = new List<string>();
        foreach (var file in generated.Files)
        {
            var path = Path.Combine(InstalledModel.Root, file.Path);
            var current = File.Exists(path) ? File.ReadAllText(path) : null;
            if (current != file.Text)
            {
                stale.Add($"{file.Path}: {FirstDifference(current, file.Text)}");
            }
        }

        var expected = generated.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var directory in new[] { Generator.ModelDirectory, Generator.ClientDirectory })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(InstalledModel.Root, directory), "*.g.cs"))
            {
                var relative = Path.GetRelativePath(InstalledModel.Root, path).Replace('\\', '/');
                if (!expected.Contains(relative))
                {
                    stale.Add($"{relative}: no longer generated; delete it");
                }
            }
        }

        Assert.True(stale.Count == 0, $"The generated source is not current; regenerate it with `{Header.Command}`.\n{string.Join('\n', stale)}");
    }

    [Fact]
    public void The_compiled_shape_and_operation_tables_are_the_ones_the_generator_reads_from_the_model()
    {
        var model = InstalledModel.Generate().Model;

        Assert.Equal(model.Operations.Select(o => Describe(o.Model)), LightsailOperations.All.Select(Describe));
        var compiled = typeof(LightsailShapes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (Shape)f.GetValue(null)!);
        Assert.Equal(model.Shapes.Select(s => Describe(s.Shape)).Order(), compiled.Select(Describe).Order());
    }

    /// <summary>Everything a shape says, its members' shapes included, as one line.</summary>
    private static string Describe(Shape shape)
    {
        var text = new StringBuilder($"{shape.Name}:{shape.Type}");
        text.Append($"[{shape.Min},{shape.Max},{shape.Pattern},{string.Join('|', shape.EnumValues)}]");
        if (shape.Member is { } element)
        {
            text.Append($"<{Describe(element)}>");
        }

        if (shape.Type == ShapeType.Structure)
        {
            text.Append($"{{{string.Join(", ", shape.Members.Select(m => $"{m.Name}={Describe(m.Shape)}"))}; required {string.Join('|', shape.Required)}}}");
        }

        return text.ToString();
    }

    private static string Describe(OperationModel operation) =>
        $"{operation.Name}({Describe(operation.Input)}) -> {Describe(operation.Output)} paged by {operation.Paginator}";

    private static string FirstDifference(string? current, string expected)
    {
        if (current is null)
        {
            return "missing";
        }

        var have = current.Split('\n');
        var want = expected.Split('\n');
        for (var i = 0; i < Math.Max(have.Length, want.Length); i++)
        {
            var a = i < have.Length ? have[i] : "(end of file)";
            var b = i < want.Length ? want[i] : "(end of file)";
            if (a != b)
            {
                return $"line {i + 1} is\n    {a}\n  and should be\n    {b}";
            }
        }

        return "differs";
    }
}
