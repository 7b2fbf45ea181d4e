using LocalSail.ModelGenerator;
using LocalSail.ModelGenerator.Emit;

// Regenerates LocalSail's Lightsail model from the installed botocore's service model:
//     dotnet run --project tools/LocalSail.ModelGenerator [-- --botocore-data DIR]
// DIR is a botocore data directory (the one inside the botocore package); by default python3's botocore.
try
{
    string? dataDirectory = null;
    for (var i = 0; i < args.Length; i++)
    {
        dataDirectory = args[i] == "--botocore-data" && i + 1 < args.Length
            ? args[++i]
            : throw new GeneratorException($"Unknown argument '{args[i]}'. Usage: {Header.Command} [-- --botocore-data DIR]");
    }

    var root = Repository.FindRoot();
    using var botocore = Botocore.Load(dataDirectory);
    var served = Generator.ReadServedOperations(File.ReadAllText(Path.Combine(root, Generator.ServedOperationsPath)));
    var generated = Generator.Generate(botocore.Service.RootElement, botocore.Paginators?.RootElement, served);
    foreach (var file in generated.Files)
    {
        var path = Path.Combine(root, file.Path);
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (current != file.Text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
            Console.WriteLine($"wrote {file.Path}");
        }
    }

    Console.WriteLine($"{generated.Model.Operations.Count} operations, {generated.Model.Shapes.Count} shapes from {generated.Model.Uid}: up to date.");
    return 0;
}
catch (GeneratorException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
