namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>
/// One versioned schema change of the PostgreSQL store. Versions mirror the SQLite migrations they port (1-99 the
/// control plane, 100-199 the object store, 200 and up the usage history), so that a SQLite migration added later
/// is ported under its own number; 1000 and up are PostgreSQL's own. Applied versions are recorded and never run
/// twice; an applied migration is never edited, a new one is added.
/// </summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
