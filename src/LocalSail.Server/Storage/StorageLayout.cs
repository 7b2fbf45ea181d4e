namespace LocalSail.Server.Storage;

/// <summary>
/// Where the server keeps its files: the database, the secret key, object bytes and scratch files.
/// In memory mode it is a fresh directory (in /dev/shm where there is one) removed at shutdown.
/// </summary>
internal sealed class StorageLayout : IDisposable
{
    private StorageLayout(string root, bool isTemporary)
    {
        Root = root;
        IsTemporary = isTemporary;
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(ObjectsDirectory);
        Directory.CreateDirectory(TemporaryDirectory);
    }

    public string Root { get; }

    public bool IsTemporary { get; }

    public string DatabasePath => Path.Combine(Root, "localsail.db");

    public string SecretKeyPath => Path.Combine(Root, "secret.key");

    /// <summary>Committed object bytes.</summary>
    public string ObjectsDirectory => Path.Combine(Root, "objects");

    /// <summary>Scratch files (the health check's probe); anything left here at start is removed.</summary>
    public string TemporaryDirectory => Path.Combine(Root, "tmp");

    public static StorageLayout Persistent(string root) => new(root, isTemporary: false);

    public static StorageLayout Temporary()
    {
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return new StorageLayout(Path.Combine(parent, "localsail-" + Guid.NewGuid().ToString("N")), isTemporary: true);
    }

    public void Dispose()
    {
        if (IsTemporary)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
