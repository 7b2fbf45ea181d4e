namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The usage history's schema (versions 200 and up).</summary>
internal static class UsageHistoryMigrations
{
    // Keyed by bucket id, not name: a bucket made again under the same name starts a history of its own.
    public static readonly SqliteMigration Samples = new(200, "bucket usage samples", """
        CREATE TABLE bucket_usage_samples (
            bucket_id TEXT NOT NULL,
            sampled_at INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            object_count INTEGER NOT NULL,
            PRIMARY KEY (bucket_id, sampled_at)
        ) WITHOUT ROWID;
        CREATE INDEX bucket_usage_samples_by_time ON bucket_usage_samples (sampled_at);
        """);
}
