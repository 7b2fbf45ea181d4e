namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>Every migration of the PostgreSQL store, the control plane's, the object store's and the usage history's.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        PostgresControlPlaneMigrations.Initial,
        PostgresControlPlaneMigrations.DeletedBuckets,
        PostgresObjectStoreMigrations.Objects,
        PostgresObjectStoreMigrations.BlobIndexes,
        PostgresObjectStoreMigrations.InlineData,
        PostgresUsageHistoryMigrations.Samples,
        PostgresControlPlaneMigrations.StoreIdentity,
    ];
}
