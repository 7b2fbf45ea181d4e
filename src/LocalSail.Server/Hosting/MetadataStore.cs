namespace LocalSail.Server.Hosting;

/// <summary>Which database keeps the server's metadata.</summary>
public enum MetadataStore
{
    /// <summary>The embedded SQLite database in the data directory: one process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, which several LocalSail processes can share.</summary>
    Postgres,
}
