namespace LocalSail.Server.Hosting;

/// <summary>Which database keeps the server's metadata.</summary>
public enum MetadataStore
{
    /// <summary>The embedded SQLite database in the data directory: one process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, which several LocalSail processes can share.</summary>
    Postgres,
}

/// <summary>Where object bytes are kept.</summary>
public enum BlobStoreKind
{
    /// <summary>Files in the data directory, on a local disk or a mount several nodes share.</summary>
    FileSystem,

    /// <summary>Objects of a bucket in an S3-compatible store.</summary>
    S3,
}
