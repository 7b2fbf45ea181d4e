namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>The usage history's schema in PostgreSQL: SQLite's migration 200.</summary>
internal static class PostgresUsageHistoryMigrations
{
    public static readonly PostgresMigration Samples = new(200, "bucket usage samples", """
        CREATE TABLE bucket_usage_samples (
            bucket_id TEXT NOT NULL,
            sampled_at BIGINT NOT NULL,
            size_bytes BIGINT NOT NULL,
            object_count BIGINT NOT NULL,
            PRIMARY KEY (bucket_id, sampled_at)
        );
        CREATE INDEX bucket_usage_samples_by_time ON bucket_usage_samples (sampled_at);
        """);
}
