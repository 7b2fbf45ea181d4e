namespace LocalSail.ModelGenerator;

/// <summary>Finds the repository's root: the directory of <c>LocalSail.slnx</c>, above the working directory or this program.</summary>
internal static class Repository
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LocalSail.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new GeneratorException("LocalSail.slnx was not found above the working directory or the generator.");
    }
}
