namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// One versioned schema change. Versions 1-99 belong to the control plane, 100-199 to the object store, 200
/// and up to the usage history; applied versions are recorded and never run twice.
/// </summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
