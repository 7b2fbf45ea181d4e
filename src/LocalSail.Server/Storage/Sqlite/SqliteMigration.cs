namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// One versioned schema change. Versions 1-99 belong to the control plane, 100 and up to the object store;
/// applied versions are recorded and never run twice.
/// </summary>
public sealed record SqliteMigration(int Version, string Name, string Sql);
