namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>Every migration of the PostgreSQL store, the control plane's, the object store's, the usage history's and the access log journal's.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        PostgresControlPlaneMigrations.Initial,
        PostgresControlPlaneMigrations.DeletedBuckets,
        PostgresObjectStoreMigrations.Objects,
        PostgresObjectStoreMigrations.BlobIndexes,
        PostgresObjectStoreMigrations.InlineData,
        PostgresObjectStoreMigrations.Encryption,
        PostgresUsageHistoryMigrations.Samples,
        PostgresAccessLogMigrations.Journal,
        PostgresControlPlaneMigrations.StoreIdentity,
        PostgresControlPlaneMigrations.Version,
        PostgresObjectStoreMigrations.InlineDataInRow,
    ];
}
