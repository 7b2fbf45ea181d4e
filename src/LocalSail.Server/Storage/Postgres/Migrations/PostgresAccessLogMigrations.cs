namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>The access log journal's schema in PostgreSQL: SQLite's migration 300.</summary>
internal static class PostgresAccessLogMigrations
{
    public static readonly PostgresMigration Journal = new(300, "access log journal", """
        CREATE TABLE access_log_batches (
            name TEXT NOT NULL PRIMARY KEY,
            source_bucket_id TEXT NOT NULL,
            source_bucket TEXT NOT NULL,
            deliverer TEXT NOT NULL,
            lease_until BIGINT NOT NULL
        );
        CREATE TABLE access_log_lines (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source_bucket_id TEXT NOT NULL,
            source_bucket TEXT NOT NULL,
            line TEXT NOT NULL,
            batch TEXT REFERENCES access_log_batches (name) ON DELETE CASCADE
        );
        CREATE INDEX access_log_lines_by_batch ON access_log_lines (batch, source_bucket_id, id);
        """);
}
