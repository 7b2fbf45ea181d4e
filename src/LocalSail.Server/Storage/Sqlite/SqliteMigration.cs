namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// One versioned schema change. Versions 1-99 belong to the control plane, 100-199 to the object store, 200-299
/// to the usage history, 300 and up to the access log journal; applied versions are recorded and never run twice.
/// </summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
