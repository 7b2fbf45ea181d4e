namespace LocalSail.Cli.Tests;

/// <summary>The source tree the tests were built from, for tests of its scripts, README and packages.</summary>
internal static class Repository
{
    /// <summary>The directory that holds LocalSail.slnx, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LocalSail.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root was not found above " + AppContext.BaseDirectory);
    }
}
