namespace LocalSail.Server.Storage.Sqlite;

/// <summary>The control plane's schema: buckets, access keys and operations.</summary>
internal static class ControlPlaneMigrations
{
    public static readonly SqliteMigration Initial = new(1, "control plane", """
        CREATE TABLE buckets (
            name TEXT PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            bundle_changed_at INTEGER,
            support_code TEXT NOT NULL,
            get_object_access TEXT NOT NULL,
            allow_public_overrides INTEGER NOT NULL,
            object_versioning TEXT NOT NULL,
            tags TEXT NOT NULL,
            readonly_access_accounts TEXT NOT NULL,
            resources_receiving_access TEXT NOT NULL,
            access_log_config TEXT,
            cors TEXT
        );
        CREATE INDEX buckets_by_scope ON buckets (account_id, region, name);

        CREATE TABLE access_keys (
            access_key_id TEXT PRIMARY KEY,
            bucket_name TEXT NOT NULL REFERENCES buckets (name) ON DELETE CASCADE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            secret BLOB NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            last_used_region TEXT,
            last_used_service TEXT
        );
        CREATE INDEX access_keys_by_bucket ON access_keys (bucket_name, created_at);

        CREATE TABLE operations (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            resource_name TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            operation_type TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_changed_at INTEGER NOT NULL,
            is_terminal INTEGER NOT NULL,
            operation_details TEXT,
            error_code TEXT,
            error_details TEXT
        );
        CREATE INDEX operations_by_scope ON operations (account_id, region, seq);
        CREATE INDEX operations_by_resource ON operations (account_id, region, resource_name, seq);
        """);

    // A deleted bucket's objects go after its row; until they are gone it is listed here, in the same
    // transaction as the delete, so a crash in between leaves work to finish rather than bytes to leak.
    public static readonly SqliteMigration DeletedBuckets = new(2, "deleted buckets whose contents are still to be purged", """
        CREATE TABLE deleted_buckets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            deleted_at INTEGER NOT NULL
        );
        """);
}
