namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The access log journal's schema (versions 300 and up).</summary>
internal static class AccessLogMigrations
{
    public static readonly SqliteMigration Journal = new(300, "access log journal", """
        CREATE TABLE access_log_batches (
            name TEXT NOT NULL PRIMARY KEY,
            source_bucket_id TEXT NOT NULL,
            source_bucket TEXT NOT NULL,
            deliverer TEXT NOT NULL,
            lease_until INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE access_log_lines (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_bucket_id TEXT NOT NULL,
            source_bucket TEXT NOT NULL,
            line TEXT NOT NULL,
            batch TEXT REFERENCES access_log_batches (name) ON DELETE CASCADE
        );
        CREATE INDEX access_log_lines_by_batch ON access_log_lines (batch, source_bucket_id, id);
        """);
}
